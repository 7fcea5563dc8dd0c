package org.parcoursnumerique.shared;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads of millions of rows with constant memory: the driver fetches {@value #FETCH_SIZE} rows at a
 * time (PostgreSQL does so only inside a transaction, so call it in one) and each row goes to the
 * handler as it comes. For exports; pages use JdbcClient with a LIMIT.
 */
@Component
public class StreamingQueries {

    static final int FETCH_SIZE = 2000;

    private final NamedParameterJdbcTemplate jdbc;

    StreamingQueries(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        this.jdbc = new NamedParameterJdbcTemplate(template);
    }

    public void stream(String sql, Map<String, ?> params, RowCallbackHandler handler) {
        jdbc.query(sql, params, handler);
    }
}

package org.parcoursnumerique.shared;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** Generated ids, portable between PostgreSQL and H2 (no RETURNING on H2). */
public final class Keys {

    private Keys() {
    }

    public static long insert(JdbcClient.StatementSpec insert) {
        var holder = new GeneratedKeyHolder();
        insert.update(holder, "id");
        Number key = holder.getKeyAs(Number.class);
        if (key == null) {
            throw new IllegalStateException("no generated id");
        }
        return key.longValue();
    }
}

package org.parcoursnumerique.beneficiary;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.parcoursnumerique.shared.Names;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The beneficiary module's part of the demo data (ADR 0024): the fictitious people the demo module
 * generates, written in batches of explicit ids with their consents (one round trip per table and
 * batch, so 1 000 000 people load in minutes). Demo mode only.
 */
@Component
public class BeneficiaryDemoData {

    /** A fictitious person as the demo generator draws them. */
    public record Person(long programmeId, String lastName, String firstName, LocalDate birthDate, String phone,
                         String email, String preferredChannel, String communeInsee, String category, Long aseDistrictId,
                         long referrerId, long territoryId, String status, LocalDate diagnosedOn, OffsetDateTime createdAt,
                         boolean sharesWithPrescriber, boolean joinsStudy, Long recordedBy) {
    }

    private final JdbcTemplate jdbcTemplate;

    BeneficiaryDemoData(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    /** Writes one batch of fictitious people with their three consents, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void insert(List<Person> batch, String noticeVersion) {
        long firstId = jdbcTemplate.queryForObject("SELECT COALESCE(MAX(id), 0) FROM beneficiary", Long.class) + 1;
        // Ids are given explicitly so consents can be inserted in the same batch round trip.
        jdbcTemplate.batchUpdate("""
                INSERT INTO beneficiary (id, programme_id, last_name, first_name, full_name_norm, reverse_name_norm,
                    name_key, name_key_reverse, name_key_cut,
                    birth_date, phone, email, preferred_channel, commune_insee, eligibility_category, ase_district_id,
                    referring_organisation_id, territory_id, status, diagnosed_on, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new BatchPreparedStatementSetter() {
                @Override
                public int getBatchSize() {
                    return batch.size();
                }

                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    var p = batch.get(i);
                    ps.setLong(1, firstId + i);
                    ps.setLong(2, p.programmeId());
                    ps.setString(3, p.lastName());
                    ps.setString(4, p.firstName());
                    ps.setString(5, Names.fullName(p.lastName(), p.firstName()));
                    ps.setString(6, Names.reverseName(p.lastName(), p.firstName()));
                    var key = Names.searchKey(p.lastName(), p.firstName());
                    ps.setString(7, key.key());
                    ps.setString(8, key.reverseKey());
                    ps.setInt(9, key.cut());
                    ps.setDate(10, Date.valueOf(p.birthDate()));
                    ps.setString(11, p.phone());
                    ps.setString(12, p.email());
                    ps.setString(13, p.preferredChannel());
                    ps.setString(14, p.communeInsee());
                    ps.setString(15, p.category());
                    if (p.aseDistrictId() == null) {
                        ps.setNull(16, Types.BIGINT);
                    } else {
                        ps.setLong(16, p.aseDistrictId());
                    }
                    ps.setLong(17, p.referrerId());
                    ps.setLong(18, p.territoryId());
                    ps.setString(19, p.status());
                    if (p.diagnosedOn() == null) {
                        ps.setNull(20, Types.DATE);
                    } else {
                        ps.setDate(20, Date.valueOf(p.diagnosedOn()));
                    }
                    setTime(ps, 21, p.createdAt());
                    setTime(ps, 22, p.createdAt());
                }
            });
        List<Object[]> consents = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            var p = batch.get(i);
            long id = firstId + i;
            consents.add(new Object[] {id, "PATHWAY_PROCESSING", true, p.createdAt(), p.recordedBy()});
            consents.add(new Object[] {id, "SHARE_WITH_PRESCRIBER", p.sharesWithPrescriber(), p.createdAt(), p.recordedBy()});
            consents.add(new Object[] {id, "EVALUATION_STUDY", p.joinsStudy(), p.createdAt(), p.recordedBy()});
        }
        jdbcTemplate.batchUpdate("""
                INSERT INTO consent (beneficiary_id, purpose, notice_version, accepted, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?)""", consents, consents.size(),
                (ps, c) -> {
                    ps.setLong(1, (Long) c[0]);
                    ps.setString(2, (String) c[1]);
                    ps.setString(3, noticeVersion);
                    ps.setBoolean(4, (Boolean) c[2]);
                    setTime(ps, 5, (OffsetDateTime) c[3]);
                    if (c[4] == null) {
                        ps.setNull(6, Types.BIGINT);
                    } else {
                        ps.setLong(6, (Long) c[4]);
                    }
                });
        // Keep the identity sequence ahead of the explicit ids.
        resyncIdentity(firstId + batch.size());
    }

    private void resyncIdentity(long next) {
        String product = jdbcTemplate.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        if ("PostgreSQL".equals(product)) {
            jdbcTemplate.queryForObject("SELECT setval(pg_get_serial_sequence('beneficiary', 'id'), ?, false)",
                    Long.class, next);
        } else {
            jdbcTemplate.execute("ALTER TABLE beneficiary ALTER COLUMN id RESTART WITH " + next);
        }
    }

    private static void setTime(PreparedStatement ps, int index, OffsetDateTime time) throws SQLException {
        ps.setObject(index, time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}

package org.parcoursnumerique.programme;

import java.time.LocalDate;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Decides a person's territory: the territory of their home commune (following a merge, e.g.
 * Pierrefitte-sur-Seine into Saint-Denis since 2025), or, for young adults on a contrat jeune
 * majeur (ASE), the territory of their ASE district, as the call requires.
 */
@Service
public class TerritoryRules {

    private final JdbcClient jdbc;

    TerritoryRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The commune currently valid for an INSEE code, following merges; empty when unknown. */
    public Optional<String> currentInseeCode(String inseeCode, LocalDate on) {
        String code = inseeCode;
        for (int hops = 0; hops < 5 && code != null; hops++) {
            var row = jdbc.sql("SELECT valid_until, merged_into FROM commune WHERE insee_code = :code")
                    .param("code", code)
                    .query((rs, n) -> new Object[] {rs.getObject("valid_until", LocalDate.class), rs.getString("merged_into")})
                    .optional();
            if (row.isEmpty()) {
                return Optional.empty();
            }
            LocalDate validUntil = (LocalDate) row.get()[0];
            String mergedInto = (String) row.get()[1];
            if (validUntil == null || !on.isAfter(validUntil) || mergedInto == null) {
                return Optional.of(code);
            }
            code = mergedInto;
        }
        return Optional.empty();
    }

    /**
     * The territory id for a person living in {@code inseeCode}; ASE young adults take their
     * district's territory. Empty when the commune or district is outside every territory.
     */
    public Optional<Long> territoryFor(String inseeCode, boolean aseYoungAdult, Long aseDistrictId) {
        if (aseYoungAdult) {
            if (aseDistrictId == null) {
                return Optional.empty();
            }
            return jdbc.sql("SELECT territory_id FROM ase_district WHERE id = :id")
                    .param("id", aseDistrictId).query(Long.class).optional();
        }
        return jdbc.sql("SELECT territory_id FROM commune WHERE insee_code = :code")
                .param("code", inseeCode).query(Long.class).optional();
    }
}

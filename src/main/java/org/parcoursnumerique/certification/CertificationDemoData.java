package org.parcoursnumerique.certification;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.shared.DemoContributor;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo certifications (ADR 0024, order 400): a certification centre, a passed Pix result for each
 * person who has {@code CERTIFIED} (on that day, the milestone then names it), and a failed attempt
 * for some people who completed a training without being certified. Paged through
 * {@link Milestones#reachedBy}, written in batches: constant memory at any scale.
 */
@Component
class CertificationDemoData implements DemoContributor {

    static final int BATCH = 1000;
    private static final String ALPHABET = "2346789BCDFGHJKMPQRTVWXY";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Milestones milestones;
    private final Organisations organisations;
    private final TransactionTemplate tx;

    CertificationDemoData(JdbcClient jdbc, NamedParameterJdbcTemplate named, Milestones milestones,
                          Organisations organisations, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.named = named;
        this.milestones = milestones;
        this.organisations = organisations;
        this.tx = tx;
    }

    @Override
    public int getOrder() {
        return 400;
    }

    @Override
    public String contribute(Context context) {
        long centre = organisations.findByName("Centre Pix de Seine-Saint-Denis").map(Organisations.Organisation::id)
                .orElseGet(() -> organisations.create(new Organisations.NewOrganisation(
                        OrganisationKind.CERTIFICATION_CENTRE, "Centre Pix de Seine-Saint-Denis", null, null, false,
                        null, null, null, null, List.of())));
        int passed = 0;
        int failed = 0;
        long after = 0;
        while (true) {
            var batch = milestones.reachedBy(Milestone.CERTIFIED, after, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1).beneficiaryId();
            passed += write(context, centre, batch, true);
        }
        after = 0;
        while (true) {
            var batch = milestones.reachedBy(Milestone.TRAINING_COMPLETED, after, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1).beneficiaryId();
            var some = batch.stream().filter(p -> p.beneficiaryId() % 4 == 2
                    && !p.reachedOn().plusDays(10).isAfter(context.today())).toList();
            failed += write(context, centre, some, false);
        }
        return passed + " passed and " + failed + " failed certifications";
    }

    private int write(Context context, long centre, List<Milestones.PersonAt> people, boolean passed) {
        if (people.isEmpty()) {
            return 0;
        }
        Integer n = tx.execute(status -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (var p : people) {
                Random random = new Random(context.seed() * 31 + p.beneficiaryId());
                LocalDate resultOn = passed ? p.reachedOn() : p.reachedOn().plusDays(10);
                int score = passed ? 64 + random.nextInt(400) : random.nextInt(64);
                Map<String, Object> row = new HashMap<>();
                row.put("person", p.beneficiaryId());
                row.put("programme", p.programmeId());
                row.put("territory", p.territoryId());
                row.put("kind", p.beneficiaryId() % 5 == 0 && passed ? "CLEA_NUMERIQUE" : CertificationKinds.PIX);
                row.put("centre", centre);
                row.put("session", resultOn.minusDays(random.nextInt(3)));
                row.put("funding", Certifications.Funding.values()[(int) (p.beneficiaryId() % 4)].name());
                row.put("cost", (long) (p.beneficiaryId() % 3 == 0 ? 0 : 4500 + 500 * random.nextInt(10)));
                row.put("status", passed ? "PASSED" : "FAILED");
                row.put("resultOn", resultOn);
                boolean pix = CertificationKinds.PIX.equals(row.get("kind"));
                row.put("score", pix ? score : null);
                row.put("level", pix ? level(score) : null);
                row.put("code", pix && passed ? code(random) : null);
                row.put("createdAt", resultOn.minusDays(20).atTime(10, 0).atZone(PageContext.ZONE).toOffsetDateTime());
                row.put("resultAt", resultOn.atTime(17, 0).atZone(PageContext.ZONE).toOffsetDateTime());
                rows.add(row);
            }
            // The person's referring organisation comes from the milestone's row: the same person's scope.
            named.batchUpdate("""
                    INSERT INTO certification_registration (beneficiary_id, programme_id, territory_id, referring_organisation_id,
                        kind_code, centre_id, session_date, funding, cost_cents, status, result_on, score, level,
                        verification_code, external_number, created_at)
                    SELECT b.id, :programme, :territory, b.referring_organisation_id, :kind, :centre, :session, :funding,
                           :cost, :status, :resultOn, :score, :level, :code, NULL, :createdAt
                    FROM beneficiary_v b WHERE b.id = :person""", rows.toArray(Map[]::new));
            jdbc.sql("""
                    INSERT INTO certification_transition (registration_id, from_status, to_status, occurred_at)
                    SELECT r.id, NULL, 'REGISTERED', r.created_at FROM certification_registration r
                    WHERE r.beneficiary_id IN (:ids)
                      AND NOT EXISTS (SELECT 1 FROM certification_transition t WHERE t.registration_id = r.id)""")
                    .param("ids", people.stream().map(Milestones.PersonAt::beneficiaryId).toList()).update();
            jdbc.sql("""
                    INSERT INTO certification_transition (registration_id, from_status, to_status, occurred_at)
                    SELECT r.id, 'REGISTERED', r.status, CAST(r.result_on AS TIMESTAMP WITH TIME ZONE)
                    FROM certification_registration r
                    WHERE r.beneficiary_id IN (:ids) AND r.status IN ('PASSED', 'FAILED')
                      AND NOT EXISTS (SELECT 1 FROM certification_transition t WHERE t.registration_id = r.id
                                      AND t.to_status <> 'REGISTERED')""")
                    .param("ids", people.stream().map(Milestones.PersonAt::beneficiaryId).toList()).update();
            if (passed) {
                for (var p : people) {
                    Long id = jdbc.sql("SELECT MIN(id) FROM certification_registration WHERE beneficiary_id = :p AND status = 'PASSED'")
                            .param("p", p.beneficiaryId()).query(Long.class).single();
                    milestones.attributeSource(p.beneficiaryId(), Milestone.CERTIFIED, "certification:" + id);
                }
            }
            return people.size();
        });
        return n == null ? 0 : n;
    }

    static int level(int score) {
        int level = 0;
        for (int t : new int[] {64, 128, 256, 384, 512, 640, 768, 896}) {
            if (score >= t) {
                level++;
            }
        }
        return level;
    }

    /** A code of Pix's shape: P- and 8 different characters of its alphabet. */
    static String code(Random random) {
        List<Character> chars = new ArrayList<>();
        for (char c : ALPHABET.toCharArray()) {
            chars.add(c);
        }
        java.util.Collections.shuffle(chars, random);
        StringBuilder b = new StringBuilder("P-");
        for (int i = 0; i < 8; i++) {
            b.append(chars.get(i));
        }
        return b.toString();
    }
}

package org.parcoursnumerique.referral;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The referral module's part of the demo data (ADR 0024): a referral for every fictitious person
 * the demo module wrote, with its status log. Set-based SQL, any scale. Demo mode only.
 */
@Component
public class ReferralDemoData {

    private final JdbcClient jdbc;

    ReferralDemoData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every demo person came through a referral: still waiting when the person is "referred",
     * accepted and given to the territory's lead structure once their pathway has started.
     */
    /** @return the number of referrals written */
    @Transactional
    public int createForEveryPerson(String noticeVersion) {
        int written = jdbc.sql("""
                INSERT INTO referral (programme_id, beneficiary_id, referring_organisation_id, referrer_user_id,
                    territory_id, status, source, rsa_situation, needs, notice_version, assigned_structure_id,
                    created_at, updated_at)
                SELECT b.programme_id, b.id, b.referring_organisation_id,
                       (SELECT MIN(u.id) FROM user_account_v u
                        WHERE u.organisation_id = b.referring_organisation_id AND u.role = 'PRESCRIBER'),
                       b.territory_id,
                       CASE b.status WHEN 'REFERRED' THEN 'SUBMITTED' WHEN 'REFUSED' THEN 'REFUSED'
                                     WHEN 'WITHDRAWN' THEN 'WITHDRAWN' ELSE 'ACCEPTED' END,
                       'WEB',
                       CASE WHEN b.eligibility_category <> 'RSA' THEN NULL
                            WHEN MOD(b.id, 3) = 0 THEN 'IN_TRAINING'
                            WHEN MOD(b.id, 3) = 1 THEN 'EQUIPMENT_FOR_INSERTION' ELSE 'ENTREPRENEURSHIP' END,
                       NULL, :notice,
                       CASE WHEN b.status IN ('REFERRED', 'REFUSED', 'WITHDRAWN') THEN NULL
                            ELSE (SELECT MIN(o.id) FROM organisation_v o WHERE o.kind = 'MEMBER_STRUCTURE'
                                  AND o.lead_member AND o.territory_id = b.territory_id) END,
                       b.created_at, b.created_at
                FROM beneficiary_v b
                WHERE NOT EXISTS (SELECT 1 FROM referral r WHERE r.beneficiary_id = b.id)""")
                .param("notice", noticeVersion).update();
        jdbc.sql("""
                INSERT INTO referral_transition (referral_id, from_status, to_status, occurred_at)
                SELECT id, NULL, 'SUBMITTED', created_at FROM referral""").update();
        jdbc.sql("""
                INSERT INTO referral_transition (referral_id, from_status, to_status, occurred_at, by_user_id)
                SELECT r.id, 'SUBMITTED', r.status, r.created_at + INTERVAL '3' DAY,
                       CASE WHEN r.status = 'WITHDRAWN' THEN r.referrer_user_id
                            ELSE (SELECT MIN(u.id) FROM user_account_v u JOIN organisation_v o ON o.id = u.organisation_id
                                  WHERE u.role = 'COORDINATOR' AND o.territory_id = r.territory_id) END
                FROM referral r WHERE r.status <> 'SUBMITTED'""")
                .update();
        return written;
    }

}

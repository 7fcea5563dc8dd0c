package org.parcoursnumerique.referral;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who to tell, among the prescribers, when something happens in the pathway of a person they
 * referred: for each accepted referral of the person, the referrer themself while their account is
 * active, else the active prescribers of the referring organisation (the referrer has left).
 */
@Component
class ReferrerRecipients {

    record Recipient(long referralId, long organisationId, String email) {
    }

    private final JdbcClient jdbc;

    ReferrerRecipients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Recipient> of(long beneficiaryId) {
        return jdbc.sql("""
                SELECT r.id AS referral_id, r.referring_organisation_id AS organisation_id, u.email
                FROM referral r
                JOIN user_account_v u ON u.organisation_id = r.referring_organisation_id
                WHERE r.beneficiary_id = :person AND r.status = 'ACCEPTED' AND u.active AND u.role = 'PRESCRIBER'
                  AND (u.id = r.referrer_user_id
                       OR NOT EXISTS (SELECT 1 FROM user_account_v ru WHERE ru.id = r.referrer_user_id AND ru.active))
                ORDER BY r.id, u.id""")
                .param("person", beneficiaryId).query(Recipient.class).list();
    }
}

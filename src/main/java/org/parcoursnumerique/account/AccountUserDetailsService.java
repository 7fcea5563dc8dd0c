package org.parcoursnumerique.account;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Locale;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.DemoMode;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Loads an account by email; demo accounts exist for login only in demo mode. Also rehashes a
 * password with the current algorithm at a successful login (bcrypt → Argon2id, ADR 0008).
 */
@Service
class AccountUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

    private final JdbcClient jdbc;
    private final DemoMode demoMode;
    private final Clock clock;

    AccountUserDetailsService(JdbcClient jdbc, DemoMode demoMode, Clock clock) {
        this.jdbc = jdbc;
        this.demoMode = demoMode;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        String email = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        if (!demoMode.enabled() && email.endsWith(DemoMode.DEMO_DOMAIN)) {
            throw new UsernameNotFoundException("unknown");
        }
        return jdbc.sql("""
                SELECT u.id, u.email, u.display_name, u.organisation_id, o.name AS organisation_name, u.role,
                       o.territory_id, u.password_hash, u.active, o.active AS organisation_active, u.locked_until
                FROM user_account u JOIN organisation_v o ON o.id = u.organisation_id
                WHERE u.email = :email""")
                .param("email", email)
                .query((rs, n) -> {
                    Long territoryId = rs.getObject("territory_id", Long.class);
                    var user = new CurrentUser(rs.getLong("id"), rs.getString("email"), rs.getString("display_name"),
                            rs.getLong("organisation_id"), rs.getString("organisation_name"),
                            Role.valueOf(rs.getString("role")), territoryId);
                    OffsetDateTime lockedUntil = rs.getObject("locked_until", OffsetDateTime.class);
                    boolean locked = lockedUntil != null && lockedUntil.isAfter(OffsetDateTime.now(clock));
                    String hash = rs.getString("password_hash");
                    boolean enabled = rs.getBoolean("active") && rs.getBoolean("organisation_active") && hash != null;
                    return new AccountUser(user, hash == null ? "{noop}-" : hash, enabled, locked);
                })
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown"));
    }

    @Override
    public UserDetails updatePassword(UserDetails user, String newPassword) {
        jdbc.sql("UPDATE user_account SET password_hash = :hash WHERE email = :email")
                .param("hash", newPassword).param("email", user.getUsername()).update();
        return loadUserByUsername(user.getUsername());
    }
}

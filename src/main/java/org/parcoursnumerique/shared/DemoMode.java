package org.parcoursnumerique.shared;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether the platform runs in demo mode (fictitious data and demo accounts). "auto" turns it on
 * with the embedded H2 database only, so a production PostgreSQL never gets demo accounts by mistake.
 */
@Component
public class DemoMode {

    /** Demo accounts use this reserved domain and can log in only in demo mode. */
    public static final String DEMO_DOMAIN = "@demo.parcours.test";

    private final boolean enabled;

    public DemoMode(@Value("${parcours.demo.enabled:auto}") String setting,
                    @Value("${spring.datasource.url:}") String datasourceUrl) {
        this.enabled = switch (setting.trim().toLowerCase()) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> datasourceUrl.startsWith("jdbc:h2:");
        };
    }

    public boolean enabled() {
        return enabled;
    }
}

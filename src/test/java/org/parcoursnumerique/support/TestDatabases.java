package org.parcoursnumerique.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Real PostgreSQL databases for tests (127.0.0.1:5432, user postgres, trust auth by default).
 * Each database is dropped and created anew once per test JVM, so every run starts clean.
 * {@code PARCOURS_TEST_DB_PREFIX} lets two checkouts run their suites side by side.
 */
public final class TestDatabases {

    public static final String HOST = env("PARCOURS_TEST_PG_HOST", "127.0.0.1");
    public static final String PORT = env("PARCOURS_TEST_PG_PORT", "5432");
    public static final String USER = env("PARCOURS_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("PARCOURS_TEST_PG_PASSWORD", "");
    public static final String PREFIX = env("PARCOURS_TEST_DB_PREFIX", "parcours_test");

    private static final Set<String> CREATED = new HashSet<>();

    private TestDatabases() {
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static boolean available() {
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The JDBC URL of a fresh database named {@code PREFIX_suffix}, created on first use in this JVM. */
    public static synchronized String fresh(String suffix) {
        String name = PREFIX + "_" + suffix;
        if (CREATED.add(name)) {
            try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL is needed for the tests at " + url("postgres")
                        + " (start it, or see .ci/run)", e);
            }
        }
        return url(name);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

package org.parcoursnumerique.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * HMAC-SHA-256 with a key that never leaves the server, for values that must be recognisable but
 * not readable: who a sent message went to, what was searched for in the audit log. The key is
 * {@code parcours.security.hash-key} when set, otherwise a random key created once in the
 * database ({@code server_key}), so that hashes stay comparable across restarts and instances.
 */
@Component
public class KeyedHash {

    private final JdbcClient jdbc;
    private final String configuredKey;
    private volatile byte[] key;

    KeyedHash(JdbcClient jdbc, @Value("${parcours.security.hash-key:}") String configuredKey) {
        this.jdbc = jdbc;
        this.configuredKey = configuredKey;
    }

    /** The keyed hash of {@code value} for one {@code purpose} (hashes of different purposes never match). */
    public String of(String purpose, String value) {
        return hasher(purpose).apply(value);
    }

    /**
     * A reusable hasher of one purpose, for millions of values in a row (the study dataset): the
     * same result as {@link #of}, without setting up the MAC for each value. Not thread-safe.
     */
    public java.util.function.UnaryOperator<String> hasher(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] prefix = purpose.getBytes(StandardCharsets.UTF_8);
            return value -> {
                mac.update(prefix);
                mac.update((byte) 0);
                return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = configuredKey.isBlank() ? storedKey() : configuredKey.getBytes(StandardCharsets.UTF_8);
            key = k;
        }
        return k;
    }

    private byte[] storedKey() {
        var existing = jdbc.sql("SELECT key_value FROM server_key WHERE name = 'hash'").query(String.class).optional();
        if (existing.isEmpty()) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                jdbc.sql("INSERT INTO server_key (name, key_value) VALUES ('hash', :value)")
                        .param("value", Base64.getEncoder().encodeToString(fresh)).update();
            } catch (DuplicateKeyException raced) {
                // Another instance created it first: use theirs.
            }
            existing = jdbc.sql("SELECT key_value FROM server_key WHERE name = 'hash'").query(String.class).optional();
        }
        return Base64.getDecoder().decode(existing.orElseThrow());
    }
}

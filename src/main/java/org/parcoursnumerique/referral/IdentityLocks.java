package org.parcoursnumerique.referral;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.Names;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Serialises the referrals of one identity (names and birth date) until their transactions end, so
 * that the duplicate check of the second sees the person the first recorded (three identical
 * referrals sent at once were all recorded as new people, none suspected). On PostgreSQL a
 * transaction-level advisory lock on a hash of the normalised identity (several instances share
 * it); on the embedded H2 of the demo, which runs one instance, a lock in this JVM released when the
 * transaction completes. See docs/decisions/0009-serialised-referral-identity.md.
 */
@Component
class IdentityLocks {

    /** Striped JVM locks for H2: a few identities may share a stripe, which only serialises more. */
    private final ReentrantLock[] stripes = new ReentrantLock[64];
    private final JdbcClient jdbc;
    private final boolean postgres;

    IdentityLocks(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        String product = new JdbcTemplate(dataSource).execute(
                (java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        this.postgres = product != null && product.toLowerCase(java.util.Locale.ROOT).contains("postgres");
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Takes the lock of this identity for the rest of the current transaction (which must exist). */
    void lock(long programmeId, String lastName, String firstName, LocalDate birthDate) {
        long key = key(programmeId, lastName, firstName, birthDate);
        if (postgres) {
            jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", key).query().singleRow();
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("an identity lock needs a transaction");
        }
        ReentrantLock lock = stripes[(int) Math.floorMod(key, (long) stripes.length)];
        try {
            // Bounded: two imports locking the same identities in another order must not hang for ever.
            if (!lock.tryLock(30, TimeUnit.SECONDS)) {
                throw new ConflictException("referral.identity.busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("referral.identity.busy");
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                lock.unlock();
            }
        });
    }

    /**
     * The identity as duplicates are looked for, made coarser rather than finer: accents, case,
     * spaces, hyphens and apostrophes dropped, and the two names in either order give the same key.
     */
    static long key(long programmeId, String lastName, String firstName, LocalDate birthDate) {
        String a = Names.normalise(lastName).replaceAll("[^\\p{L}\\p{N}]", "");
        String b = Names.normalise(firstName).replaceAll("[^\\p{L}\\p{N}]", "");
        String names = a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
        String identity = "referral-identity|" + programmeId + "|" + names + "|" + birthDate;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

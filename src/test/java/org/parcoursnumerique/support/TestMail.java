package org.parcoursnumerique.support;

import java.io.IOException;
import java.net.ServerSocket;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** One in-process SMTP server (GreenMail) per test JVM, on a free port. */
public final class TestMail {

    private static GreenMail greenMail;
    private static int port;

    private TestMail() {
    }

    public static synchronized GreenMail server() {
        if (greenMail == null) {
            port = freePort();
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
        }
        return greenMail;
    }

    public static int port() {
        server();
        return port;
    }

    /**
     * The text of the first email to {@code to} whose subject starts with {@code subject}, waiting up
     * to 3 minutes for the outbox sender to deliver it: every referral of the suite emails every
     * coordinator of its territory, and the tests keep adding coordinators, so late in a full run the
     * queue holds a few thousand messages (about 20 are sent a second).
     */
    public static String awaitText(String to, String subject) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            for (jakarta.mail.internet.MimeMessage m : server().getReceivedMessages()) {
                if (m.getAllRecipients()[0].toString().equalsIgnoreCase(to) && m.getSubject().startsWith(subject)) {
                    return String.valueOf(m.getContent());
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no email '" + subject + "' to " + to + " among "
                + server().getReceivedMessages().length + " messages");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.parcoursnumerique.appointment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Invitations by SMS through the HTTP provider, here a local HTTP server: while the provider is down
 * (503) the message waits in the outbox; once it is back the message is delivered exactly once.
 */
@IntegrationTest
class AppointmentSmsIntegrationTests {

    static final AtomicInteger STATUS = new AtomicInteger(503);
    static final List<String> ACCEPTED = new CopyOnWriteArrayList<>();
    static final List<String> REFUSED = new CopyOnWriteArrayList<>();
    static final HttpServer SERVER = start();

    static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v3/transactionalSMS/sms", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int status = STATUS.get();
                (status / 100 == 2 ? ACCEPTED : REFUSED).add(exchange.getRequestHeaders().getFirst("api-key") + " " + body);
                byte[] answer = (status / 100 == 2 ? "{\"messageId\":1}" : "{\"code\":\"unavailable\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void smsProvider(DynamicPropertyRegistry registry) {
        registry.add("parcours.sms.provider", () -> "http");
        registry.add("parcours.sms.http.url",
                () -> "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/v3/transactionalSMS/sms");
        registry.add("parcours.sms.http.api-key", () -> "cle-de-test");
    }

    @AfterAll
    static void stop() {
        SERVER.stop(0);
    }

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @Test
    void theInvitationSmsWaitsWhileTheProviderIsDownThenIsDeliveredOnce() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().withStatus("ACCEPTED").create();
        String recipient = "33639981234";
        mvc.perform(post("/beneficiaries/" + person + "/appointments").with(csrf()).with(mediator.login())
                        .param("date", LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(5).toString())
                        .param("time", "09:30").param("durationMinutes", "60")
                        .param("structureId", String.valueOf(mediator.organisationId()))
                        .param("mediatorId", String.valueOf(mediator.id())))
                .andExpect(status().isFound());

        waitFor(() -> !REFUSED.isEmpty());
        waitFor(() -> jdbc.sql("SELECT attempts FROM outbox_message WHERE beneficiary_id = :p AND channel = 'SMS'")
                .param("p", person).query(Integer.class).single() >= 1);
        assertThat(jdbc.sql("SELECT sent_at IS NULL AND failed_at IS NULL AND last_error LIKE '%503%' FROM outbox_message "
                + "WHERE beneficiary_id = :p AND channel = 'SMS'").param("p", person).query(Boolean.class).single()).isTrue();
        assertThat(ACCEPTED).isEmpty();

        STATUS.set(201);
        // Do not wait for the back-off: make the retry due now.
        jdbc.sql("UPDATE outbox_message SET next_attempt_at = CURRENT_TIMESTAMP WHERE beneficiary_id = :p AND channel = 'SMS'")
                .param("p", person).update();
        waitFor(() -> jdbc.sql("SELECT sent_at IS NOT NULL FROM outbox_message WHERE beneficiary_id = :p AND channel = 'SMS'")
                .param("p", person).query(Boolean.class).single());
        Thread.sleep(1000); // several more sender rounds
        assertThat(ACCEPTED).hasSize(1);
        assertThat(ACCEPTED.get(0)).startsWith("cle-de-test ").contains("\"recipient\":\"" + recipient + "\"")
                .contains("rendez-vous").contains(" à 9 h 30");
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within 10 s");
    }
}

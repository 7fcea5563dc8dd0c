package org.parcoursnumerique.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP SMS provider against a local HTTP server playing the provider. */
class HttpSmsSenderUnitTests {

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(201);

    @BeforeEach
    void startProvider() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v3/transactionalSMS/sms", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            keys.add(exchange.getRequestHeaders().getFirst("api-key"));
            byte[] answer = "{\"messageId\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopProvider() {
        server.stop(0);
    }

    private HttpSmsSender sender() {
        return new HttpSmsSender("http://127.0.0.1:" + server.getAddress().getPort() + "/v3/transactionalSMS/sms",
                "cle-de-test", "Parcours");
    }

    @Test
    void postsTheMessageWithTheKeyAndEscapedText() throws Exception {
        sender().send("+33639981234", "Bonjour \"Léa\",\nrendez-vous lundi.");
        assertThat(keys).containsExactly("cle-de-test");
        assertThat(bodies.get(0)).isEqualTo("{\"sender\":\"Parcours\",\"recipient\":\"33639981234\","
                + "\"content\":\"Bonjour \\\"Léa\\\",\\nrendez-vous lundi.\",\"type\":\"transactional\"}");
    }

    @Test
    void aRefusalOrAnOutageIsReportedSoTheOutboxRetries() {
        status.set(503);
        assertThatThrownBy(() -> sender().send("+33639981234", "x")).isInstanceOf(SmsSender.SmsNotSent.class)
                .hasMessageContaining("503");
        server.stop(0);
        assertThatThrownBy(() -> sender().send("+33639981234", "x")).isInstanceOf(SmsSender.SmsNotSent.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void numbersAreWrittenInInternationalFormAndMaskedInLogs() {
        assertThat(Outbox.international("06 39 98 12 34")).isEqualTo("+33639981234");
        assertThat(Outbox.international("+33639981234")).isEqualTo("+33639981234");
        assertThat(SmsConfig.mask("+33639981234")).isEqualTo("********1234");
    }
}

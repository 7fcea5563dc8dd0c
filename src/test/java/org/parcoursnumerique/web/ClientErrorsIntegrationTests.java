package org.parcoursnumerique.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.support.PostgresInitializer;
import org.parcoursnumerique.support.RequiresPostgres;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * Client errors on the real server (Tomcat parses parameters and multipart bodies, which MockMvc does
 * not): each is a 4xx, as application/problem+json on the API, and none is logged as a server error.
 */
@ExtendWith({RequiresPostgres.class, OutputCaptureExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parcours.demo.enabled=false", "parcours.base-url=http://parcours.test"})
@ContextConfiguration(initializers = PostgresInitializer.class)
@Import(TestData.class)
class ClientErrorsIntegrationTests {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired ApiTokens tokens;

    private final HttpClient http = HttpClient.newHttpClient();

    private String token() {
        long org = data.prescriber("FRANCE_TRAVAIL", "T6");
        String token = "pn_test_" + System.nanoTime();
        tokens.store(org, "test", token, null);
        return token;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder api(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + token);
    }

    /** A request written by hand: java.net.URI refuses a malformed escape, a browser or a robot does not. */
    private String raw(String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aMalformedQueryStringAnswers400AndLogsOneWarningWithoutStackTrace(CapturedOutput output) throws Exception {
        for (String query : new String[] {"q=%zz", "q=%C3%28", "%zz=1"}) {
            String response = raw("GET /login?" + query + " HTTP/1.1");
            assertThat(response).startsWith("HTTP/1.1 400").contains("Demande incorrecte")
                    .contains("L’adresse de la page est mal formée");
        }
        assertThat(output.getOut()).contains("WARN").contains("Malformed parameters refused with 400: GET /login")
                .doesNotContain(" ERROR ").doesNotContain("\tat org.");
    }

    @Test
    void invisibleCharactersInAnApiParameterAreRefusedWithTheFieldNamed() throws Exception {
        // Pages check their fields one by one (inline messages); a search stays tolerant.
        assertThat(raw("GET /login?q=Ab%01c HTTP/1.1")).startsWith("HTTP/1.1 200");
        var api = send(api("/api/v1/referrals?q=%EF%BF%BE", token()));
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(api.body()).contains("Le champ « Recherche » contient un caractère invisible");
    }

    @Test
    void theApiAnswers406AsProblemJsonWhenJsonIsNotAccepted(CapturedOutput output) throws Exception {
        var response = send(api("/api/v1/referrals", token()).header("Accept", "text/html"));
        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":406").contains("Accept: application/json");
        assertThat(output.getOut()).doesNotContain(" ERROR ");
    }

    @Test
    void theApiAnswers415And405AsProblemJson() throws Exception {
        String token = token();
        var wrongType = send(api("/api/v1/referrals", token).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("nom=Diallo")));
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(wrongType.body()).contains("\"status\":415");

        var notMultipart = send(api("/api/v1/referral-imports", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(notMultipart.statusCode()).isEqualTo(415);
        assertThat(notMultipart.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(notMultipart.body()).contains("\"status\":415").contains("Type de contenu non pris en charge");

        var method = send(api("/api/v1/referrals", token).PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(method.body()).contains("\"status\":405");
    }

    @Test
    void anUploadOverTheLimitAnswers413WithAProblemDocument() throws Exception {
        String boundary = "----parcours" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 7 * 1024 * 1024 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        java.util.Arrays.fill(body, head.length, body.length - tail.length, (byte) 'a');
        System.arraycopy(tail, 0, body, body.length - tail.length, tail.length);
        var response = send(api("/api/v1/referral-imports", token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":413").contains("Requête trop volumineuse");
    }

    @Test
    void duplicateJsonKeysAreRefused() throws Exception {
        var response = send(api("/api/v1/referrals", token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"lastName":"Diallo","firstName":"Awa","birthDate":"1990-01-01","inseeCode":"93066",
                         "eligibilityCategory":"RSA","consent":false,"consent":true}""")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("deux fois la même clé");
    }

    @Test
    void noncharactersAndLoneSurrogatesInJsonStringsAreRefused() throws Exception {
        String token = token();
        for (String escape : new String[] {"\\uFFFE", "\\uFFFF", "\\uD800", "\\u0001"}) {
            var response = send(api("/api/v1/referrals", token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"lastName":"Diallo","firstName":"Awa","birthDate":"1990-01-01","inseeCode":"93066",
                             "eligibilityCategory":"RSA","consent":true,"needs":"Besoin%s d'aide"}""".formatted(escape))));
            assertThat(response.statusCode()).as(escape).isEqualTo(400);
            assertThat(response.body()).as(escape).contains("\"field\":\"needs\"");
        }
    }
}

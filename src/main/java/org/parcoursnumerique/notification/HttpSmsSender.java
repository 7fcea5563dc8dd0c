package org.parcoursnumerique.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An HTTP SMS provider with a Brevo-like transactional API: {@code POST {url}} with an
 * {@code api-key} header and a JSON body {@code {sender, recipient, content, type}}; any 2xx means
 * accepted.
 */
class HttpSmsSender implements SmsSender {

    private final HttpClient client;
    private final URI url;
    private final String apiKey;
    private final String sender;

    HttpSmsSender(String url, String apiKey, String sender) {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.url = URI.create(url);
        this.apiKey = apiKey;
        this.sender = sender;
    }

    @Override
    public void send(String internationalNumber, String text) throws SmsNotSent {
        String body = "{\"sender\":" + json(sender) + ",\"recipient\":" + json(internationalNumber.replace("+", ""))
                + ",\"content\":" + json(text) + ",\"type\":\"transactional\"}";
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("api-key", apiKey).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new SmsNotSent("SMS provider answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new SmsNotSent("SMS provider unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsNotSent("interrupted");
        }
    }

    static String json(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}

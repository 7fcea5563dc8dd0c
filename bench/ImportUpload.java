import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * Sends a CSV file to {@code POST /api/v1/referral-imports} as a prescriber's own software would
 * (multipart/form-data, part "file", bearer token), waits for the report and prints
 * "status= elapsed_ms= bytes=" on one line; the answer goes to {@code --out}. The clock runs from
 * just before the request is sent to the last byte of the answer. Loopback addresses only.
 *
 * <p>Usage: {@code java bench/ImportUpload.java --base http://127.0.0.1:18090 --token demo-prescripteur-t6
 * --file referrals.csv --out answer.json}
 */
public class ImportUpload {

    public static void main(String[] args) throws IOException, InterruptedException {
        String base = null;
        String token = null;
        Path file = null;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--token" -> token = args[i + 1];
                case "--file" -> file = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        if (base == null || token == null || file == null || out == null) {
            System.err.println("Usage: java bench/ImportUpload.java --base URL --token TOKEN --file F.csv --out answer.json");
            System.exit(2);
        }
        URI uri = URI.create(base + "/api/v1/referral-imports");
        String host = uri.getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
            throw new IllegalArgumentException("Loopback addresses only, not " + host);
        }
        String boundary = "----bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofHours(2))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        Files.write(out, response.body());
        System.out.println("status=" + response.statusCode() + " elapsed_ms=" + elapsedMs + " bytes=" + response.body().length);
        if (response.statusCode() != 200) {
            System.exit(1);
        }
    }
}

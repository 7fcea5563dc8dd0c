import java.io.IOException;
import java.io.PrintWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop HTTP load client for the benchmark (bench/run.sh). No dependencies: run it with
 * {@code java bench/LoadClient.java ...}.
 *
 * <p>Each of {@code --clients} threads has its own HttpClient and cookie jar, logs in once with the
 * form login (reads the hidden {@code _csrf} input, posts the credentials, keeps JSESSIONID), then
 * sends GET requests back to back, cycling through {@code --paths} from a per-thread offset so the
 * mix stays even. Requests finished during the warm-up are not recorded. The loop stops at
 * {@code --duration} seconds after the warm-up or after {@code --max-requests} per thread,
 * whichever comes first. Only loopback addresses are accepted.
 *
 * <p>With {@code --token TOKEN} instead of {@code --user}, no login: every request carries
 * {@code Authorization: Bearer TOKEN} (the API, bench/indicators.sh).
 *
 * <p>Options: --base http://127.0.0.1:PORT, --user EMAIL, --password PW, --token TOKEN, --paths "p1|p2|...",
 * --clients 20, --warmup 10 (s), --duration 30 (s), --max-requests 100000 (per thread),
 * --name NAME, --out FILE (summary, key=value), --raw FILE (one latency in µs per line, optional),
 * --expect TEXT (must appear in every answer; default {@code role="status"}), --cpu "app=PID,postgres=PID"
 * (Linux: CPU time of these processes and of their children over the measured window, reported per
 * request, with the client's own).
 *
 * <p>Prints a one-line summary and writes it to --out: count, errors, throughput (req/s over the
 * measured window), p50/p95/p99/max/mean in ms; then one line per path.
 */
public class LoadClient {

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        String base = opt.getOrDefault("base", "http://127.0.0.1:8080");
        URI baseUri = URI.create(base);
        if (!List.of("127.0.0.1", "localhost", "[::1]", "::1").contains(baseUri.getHost())) {
            throw new IllegalArgumentException("Load tests may only target the loopback address, not " + base);
        }
        String token = opt.get("token");
        String user = token == null ? require(opt, "user") : null;
        String password = opt.getOrDefault("password", "demo");
        List<String> paths = Arrays.stream(require(opt, "paths").split("\\|")).map(String::trim)
                .filter(p -> !p.isEmpty()).toList();
        int clients = Integer.parseInt(opt.getOrDefault("clients", "20"));
        long warmupNanos = (long) (Double.parseDouble(opt.getOrDefault("warmup", "10")) * 1e9);
        long durationNanos = (long) (Double.parseDouble(opt.getOrDefault("duration", "30")) * 1e9);
        int maxRequests = Integer.parseInt(opt.getOrDefault("max-requests", "100000"));
        String name = opt.getOrDefault("name", "load");
        String expect = opt.getOrDefault("expect", "role=\"status\"");

        // Log every client in first, so the measured window only holds list and search requests.
        List<HttpClient> sessions = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            sessions.add(token == null ? login(base, user, password) : client());
        }

        long[][] latencies = new long[clients][];
        int[][] pathOf = new int[clients][];
        int[] counts = new int[clients];
        AtomicInteger errors = new AtomicInteger();
        List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            final int client = c;
            latencies[c] = new long[maxRequests];
            pathOf[c] = new int[maxRequests];
            Thread t = new Thread(() -> {
                HttpClient http = sessions.get(client);
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long measureFrom = window[0];
                long stopAt = window[1];
                int next = client % paths.size();
                int n = 0;
                while (n < maxRequests) {
                    int p = next;
                    next = (next + 1) % paths.size();
                    long t0 = System.nanoTime();
                    if (t0 >= stopAt) {
                        break;
                    }
                    boolean ok;
                    try {
                        HttpResponse<String> r = http.send(get(base + paths.get(p), token), HttpResponse.BodyHandlers.ofString());
                        ok = r.statusCode() == 200 && r.body().contains(expect);
                        if (!ok && errorSamples.size() < 5) {
                            errorSamples.add(paths.get(p) + " -> HTTP " + r.statusCode() + " "
                                    + r.headers().firstValue("location").orElse(""));
                        }
                    } catch (IOException | InterruptedException e) {
                        ok = false;
                        if (errorSamples.size() < 5) {
                            errorSamples.add(paths.get(p) + " -> " + e);
                        }
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= stopAt) {
                        if (ok) {
                            latencies[client][n] = (t1 - t0) / 1000;
                            pathOf[client][n] = p;
                            n++;
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
                counts[client] = n;
            }, "client-" + c);
            threads.add(t);
            t.start();
        }
        ready.await();
        Map<String, Long> cpuPids = new LinkedHashMap<>();
        if (opt.containsKey("cpu")) {
            for (String pair : opt.get("cpu").split(",")) {
                String[] kv = pair.split("=");
                cpuPids.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
            }
        }
        long[] cpuAtStart = new long[cpuPids.size() + 1];
        long[] cpuAtEnd = new long[cpuPids.size() + 1];
        long start = System.nanoTime();
        window[0] = start + warmupNanos;
        window[1] = window[0] + durationNanos;
        go.countDown();
        Thread cpuProbe = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, (window[0] - System.nanoTime()) / 1_000_000));
                sampleCpu(cpuPids, cpuAtStart);
                Thread.sleep(Math.max(0, (window[1] - System.nanoTime()) / 1_000_000));
                sampleCpu(cpuPids, cpuAtEnd);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-probe");
        cpuProbe.setDaemon(true);
        cpuProbe.start();
        for (Thread t : threads) {
            t.join();
        }
        cpuProbe.join(5_000);
        long end = Math.min(System.nanoTime(), window[1]);
        double seconds = (end - window[0]) / 1e9;

        List<Long> all = new ArrayList<>();
        Map<Integer, List<Long>> byPath = new LinkedHashMap<>();
        for (int c = 0; c < clients; c++) {
            for (int i = 0; i < counts[c]; i++) {
                all.add(latencies[c][i]);
                byPath.computeIfAbsent(pathOf[c][i], k -> new ArrayList<>()).add(latencies[c][i]);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(summary(name, all, errors.get(), seconds, clients)).append('\n');
        if (!all.isEmpty() && cpuAtEnd[cpuPids.size()] > 0) {
            // CPU milliseconds per request: where the 2 cores went.
            out.append("  cpu_ms_per_request");
            int i = 0;
            for (String label : cpuPids.keySet()) {
                out.append(String.format(Locale.ROOT, " %s=%.2f", label, (cpuAtEnd[i] - cpuAtStart[i]) / 1e6 / all.size()));
                i++;
            }
            out.append(String.format(Locale.ROOT, " client=%.2f%n", (cpuAtEnd[i] - cpuAtStart[i]) / 1e6 / all.size()));
        }
        for (int p = 0; p < paths.size(); p++) {
            List<Long> l = byPath.getOrDefault(p, List.of());
            out.append("  path ").append(paths.get(p)).append(' ').append(stats(l)).append('\n');
        }
        for (String e : errorSamples) {
            out.append("  error ").append(e).append('\n');
        }
        System.out.print(out);
        if (opt.containsKey("out")) {
            Files.writeString(Path.of(opt.get("out")), out.toString());
        }
        if (opt.containsKey("raw")) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(opt.get("raw"))))) {
                for (long v : all) {
                    w.println(v);
                }
            }
        }
        if (all.isEmpty() || errors.get() > all.size() / 100) {
            System.exit(2);
        }
    }

    /** CPU time in ns of each process and its children (from /proc, Linux), then of this JVM, last. */
    static void sampleCpu(Map<String, Long> pids, long[] into) {
        List<long[]> stats = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (d.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    long[] st = procStat(d.resolve("stat"));
                    if (st != null) {
                        stats.add(st);
                    }
                }
            }
        } catch (IOException e) {
            return;
        }
        int i = 0;
        for (long pid : pids.values()) {
            long ticks = 0;
            for (long[] st : stats) {
                if (st[0] == pid) {
                    ticks += st[2] + st[3] + st[4] + st[5]; // own time, and of the children it has reaped
                } else if (st[1] == pid) {
                    ticks += st[2] + st[3]; // children still running (PostgreSQL backends)
                }
            }
            into[i++] = ticks * 10_000_000L; // USER_HZ = 100
        }
        into[i] = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** pid, ppid, utime, stime, cutime, cstime of a /proc/PID/stat file, or null if it is gone. */
    static long[] procStat(Path file) {
        try {
            String s = Files.readString(file);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(s.substring(0, s.indexOf(' '))), Long.parseLong(f[1]),
                    Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String summary(String name, List<Long> latencies, int errors, double seconds, int clients) {
        return String.format(Locale.ROOT, "scenario=%s clients=%d count=%d errors=%d seconds=%.1f throughput=%.1f %s",
                name, clients, latencies.size(), errors, seconds, latencies.size() / seconds, stats(latencies));
    }

    static String stats(List<Long> micros) {
        if (micros.isEmpty()) {
            return "count=0";
        }
        long[] v = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        double mean = Arrays.stream(v).average().orElse(0) / 1000.0;
        return String.format(Locale.ROOT, "n=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f mean_ms=%.2f",
                v.length, pct(v, 50), pct(v, 95), pct(v, 99), v[v.length - 1] / 1000.0, mean);
    }

    /** Nearest-rank percentile, in milliseconds. */
    static double pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }

    static HttpRequest get(String url) {
        return get(url, null);
    }

    /** A GET, with {@code Authorization: Bearer token} when a token is given. */
    static HttpRequest get(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpClient login(String base, String user, String password) throws IOException, InterruptedException {
        HttpClient http = client();
        HttpResponse<String> form = http.send(get(base + "/login"), HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(form.body());
        if (form.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("No login form at " + base + "/login (HTTP " + form.statusCode() + ")");
        }
        String csrf = m.group(1) != null ? m.group(1) : m.group(2);
        String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("location").orElse("");
        if (r.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("Login refused for " + user + " (HTTP " + r.statusCode() + " " + location + ")");
        }
        return http;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String require(Map<String, String> opt, String key) {
        String v = opt.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Expected --option value pairs, got " + args[i]);
            }
            opt.put(args[i].substring(2), args[++i]);
        }
        return opt;
    }
}

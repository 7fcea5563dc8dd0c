package org.parcoursnumerique.web;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs in as one account over real HTTP and follows every same-origin link ({@code <a href>}) it
 * can reach from the home page: GET only, breadth-first, new kinds of pages first, bounded in pages
 * overall and per kind of page. Records every page that answered an error (status 4xx/5xx, or the
 * application's error page, marked {@code data-error-status}) with the page that linked to it.
 */
final class Crawler {

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("<a\\b[^>]*?\\bhref=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern ERROR_PAGE = Pattern.compile("data-error-status=\"(\\d+)\"");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,}");

    /** One page or download fetched, with the page whose link led to it. */
    record Visit(String url, String from, int status, String contentType, String body, byte[] bytes) {
    }

    private final String base;
    private final HttpClient client;
    private final CookieManager cookies = new CookieManager();
    private final int maxPages;
    private final int maxPerKind;

    private boolean loggedIn;

    final Map<String, Visit> visited = new LinkedHashMap<>();
    final List<String> problems = new ArrayList<>();

    Crawler(int port, int maxPages, int maxPerKind) {
        this.base = "http://localhost:" + port;
        this.maxPages = maxPages;
        this.maxPerKind = maxPerKind;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Logs in with the login form, as a person would; fails unless the home page answers. */
    void login(String email, String password) throws Exception {
        String form = get("/login").body();
        Matcher csrf = CSRF.matcher(form);
        if (!csrf.find()) {
            throw new AssertionError("no CSRF field on the login page");
        }
        HttpResponse<String> home = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(email) + "&password=" + enc(password)
                        + "&_csrf=" + enc(csrf.group(1)))).build(), HttpResponse.BodyHandlers.ofString());
        if (home.statusCode() != 200 || !home.uri().getPath().equals("/")) {
            throw new AssertionError("login of " + email + " ended on " + home.uri() + " (" + home.statusCode() + ")");
        }
        loggedIn = true;
    }

    /** The session cookie, to hand the same session to the browser. */
    Optional<HttpCookie> sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID")).findFirst();
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a multipart form (one file field plus the CSRF token of {@code formPage}). */
    HttpResponse<String> postFile(String path, String formPage, String field, String fileName, String content)
            throws Exception {
        Matcher csrf = CSRF.matcher(get(formPage).body());
        if (!csrf.find()) {
            throw new AssertionError("no CSRF field on " + formPage);
        }
        String boundary = "crawl" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf.group(1)
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return client.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Crawls from the home page; returns this crawler for chaining. */
    Crawler crawl() throws Exception {
        return crawlFrom("/");
    }

    Crawler crawlFrom(String start) throws Exception {
        Deque<String[]> fresh = new ArrayDeque<>();
        Deque<String[]> rest = new ArrayDeque<>();
        Set<String> queued = new HashSet<>();
        Map<String, Integer> perKind = new HashMap<>();
        fresh.add(new String[] {start, "(start)"});
        queued.add(start);
        while (visited.size() < maxPages && (!fresh.isEmpty() || !rest.isEmpty())) {
            String[] next = !fresh.isEmpty() ? fresh.poll() : rest.poll();
            String kind = kind(next[0]);
            int seen = perKind.getOrDefault(kind, 0);
            if (seen >= maxPerKind) {
                continue;
            }
            perKind.put(kind, seen + 1);
            Visit visit = fetch(next[0], next[1]);
            visited.put(next[0], visit);
            check(visit);
            if (visit.body() == null) {
                continue;
            }
            for (String link : links(visit.body())) {
                if (queued.add(link)) {
                    (perKind.containsKey(kind(link)) ? rest : fresh).add(new String[] {link, next[0]});
                }
            }
        }
        return this;
    }

    private Visit fetch(String path, String from) throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        String type = response.headers().firstValue("Content-Type").orElse("");
        String finalPath = response.uri().getRawPath();
        if (loggedIn && !finalPath.equals(URI.create(base + path).getRawPath()) && finalPath.equals("/login")) {
            problems.add(path + " (linked from " + from + ") sent back to the login page");
        }
        String body = type.startsWith("text/html") ? new String(response.body(), StandardCharsets.UTF_8) : null;
        return new Visit(path, from, response.statusCode(), type, body, response.body());
    }

    private void check(Visit visit) {
        String where = visit.url() + " (linked from " + visit.from() + ")";
        if (visit.status() >= 400) {
            problems.add(where + " answered " + visit.status());
        }
        if (visit.body() != null) {
            Matcher error = ERROR_PAGE.matcher(visit.body());
            if (error.find()) {
                problems.add(where + " shows the error page " + error.group(1));
            }
        }
    }

    /** Same-origin links of a page, as absolute paths with their query, without fragments. */
    List<String> links(String html) {
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            String href = unescape(m.group(1)).trim();
            int hash = href.indexOf('#');
            if (hash >= 0) {
                href = href.substring(0, hash);
            }
            if (href.startsWith(base)) {
                href = href.substring(base.length());
            }
            if (href.isEmpty() || !href.startsWith("/") || href.startsWith("//")) {
                continue; // other origins, mailto:, tel:, javascript:, same-page anchors
            }
            if (href.startsWith("/logout") || href.startsWith("/assets/")) {
                continue;
            }
            links.add(href);
        }
        return links;
    }

    /**
     * The kind of page a URL shows: its path with numbers and long tokens replaced, plus the names
     * (not the values) of its query parameters. {@code /referrals/12?page=2} → {@code /referrals/{n}?page}.
     */
    static String kind(String url) {
        int q = url.indexOf('?');
        String path = template(q < 0 ? url : url.substring(0, q));
        if (q < 0) {
            return path;
        }
        Set<String> names = new TreeSet<>();
        for (String pair : url.substring(q + 1).split("&")) {
            if (!pair.isEmpty()) {
                names.add(pair.split("=", 2)[0]);
            }
        }
        return path + "?" + String.join("&", names);
    }

    /** The path of a URL with numeric ids and tokens replaced: one template of page. */
    static String template(String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        return String.join("/", Arrays.stream(path.split("/", -1))
                .map(s -> NUMBER.matcher(s).matches() ? "{n}" : TOKEN.matcher(s).matches() ? "{token}"
                        : s.replaceAll("^\\d+(\\.\\w+)$", "{n}$1"))
                .toList());
    }

    private static String unescape(String href) {
        return href.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"").replace("&#x2F;", "/")
                .replace("&#61;", "=");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

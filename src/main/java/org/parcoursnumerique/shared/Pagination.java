package org.parcoursnumerique.shared;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a list: which page is shown, of how many, out of what total, and the links to the
 * others. A list counts its rows up to a cap ({@code SELECT COUNT(*) FROM (… LIMIT cap + 1)}, so
 * counting stays fast on a large table) and then says «plus de N». The page asked for is clamped
 * to the pages that exist, so an old link or a typed number never gives an error nor an empty page
 * while rows exist. Rendered by the {@code shared/tag/pagination.jte} tag, which works without
 * JavaScript; the filters of the list are kept in every link ({@link #link}).
 *
 * @param page        the page shown, from 1
 * @param pageSize    rows per page
 * @param total       the rows counted, at most {@code cap}
 * @param totalCapped whether there are more rows than {@code total}
 * @param base        the list's address with its filters, without {@code page}: «/referrals?status=ACCEPTED»
 */
public record Pagination(int page, int pageSize, long total, boolean totalCapped, String base) {

    /** Counting stops here unless a list says otherwise: beyond it the list says «plus de 10 000». */
    public static final int DEFAULT_COUNT_CAP = 10_000;

    public Pagination {
        if (pageSize < 1 || page < 1 || total < 0) {
            throw new IllegalArgumentException("page and pageSize must be at least 1 and total at least 0");
        }
    }

    /**
     * The page to show of a list whose count query returned {@code counted} (counting up to
     * {@code cap + 1} rows).
     *
     * @param requested the raw {@code page} parameter: anything but a positive number means page 1
     */
    public static Pagination of(String requested, int pageSize, long counted, int cap, String base) {
        boolean capped = counted > cap;
        long total = Math.min(counted, cap);
        int pageCount = (int) Math.max(1, (total + pageSize - 1) / pageSize);
        int page = Math.min(Math.max(1, parsePage(requested)), pageCount);
        return new Pagination(page, pageSize, total, capped, base);
    }

    /** A page number from a query parameter; 1 when it is missing or not a number. */
    public static int parsePage(String raw) {
        if (raw == null || !raw.strip().matches("\\d{1,9}")) {
            return 1;
        }
        return Integer.parseInt(raw.strip());
    }

    /**
     * The address of a list with its filters, names and values in pairs, empty values left out:
     * /referrals with status ACCEPTED and no date gives /referrals?status=ACCEPTED.
     */
    public static String link(String path, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values go in pairs");
        }
        StringBuilder s = new StringBuilder(path);
        char separator = path.contains("?") ? '&' : '?';
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value != null && !value.isBlank()) {
                s.append(separator).append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return s.toString();
    }

    public int pageCount() {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }

    /** Rows to skip in SQL ({@code OFFSET}). */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    /** Rows to read in SQL ({@code LIMIT}). */
    public int limit() {
        return pageSize;
    }

    public boolean hasPages() {
        return pageCount() > 1;
    }

    /** Position of the first row of this page, from 1 (0 when the list is empty). */
    public long first() {
        return total == 0 ? 0 : offset() + 1;
    }

    /** Position of the last row of this page. */
    public long last() {
        return Math.min(total, offset() + pageSize);
    }

    public String href(int p) {
        return base + (base.contains("?") ? "&" : "?") + "page=" + p;
    }

    /**
     * The page numbers to link: the first, the last, and two on each side of the current one; a
     * 0 stands for the gap between them («…»).
     */
    public List<Integer> numbers() {
        int count = pageCount();
        List<Integer> numbers = new ArrayList<>();
        int previous = 0;
        for (int p = 1; p <= count; p++) {
            if (p == 1 || p == count || Math.abs(p - page) <= 2) {
                if (p - previous > 1) {
                    numbers.add(0);
                }
                numbers.add(p);
                previous = p;
            }
        }
        return numbers;
    }
}

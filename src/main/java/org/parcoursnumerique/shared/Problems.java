package org.parcoursnumerique.shared;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** RFC 9457 problem documents for the API, with a per-field list of errors. */
public final class Problems {

    /** One invalid field (or CSV column) and the French explanation. */
    public record FieldError(String field, String message) {
    }

    private Problems() {
    }

    public static ResponseEntity<Map<String, Object>> of(int status, String title, String detail, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (errors != null && !errors.isEmpty()) {
            body.put("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    /** For places that cannot return a ResponseEntity (filters, the error controller). */
    public static void write(HttpServletResponse response, int status, String title) throws IOException {
        write(response, status, title, null);
    }

    public static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":" + json(title) + ",\"status\":" + status
                + (detail == null ? "" : ",\"detail\":" + json(detail)) + "}");
    }

    private static String json(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }
}

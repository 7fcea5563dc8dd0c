package org.parcoursnumerique.diagnostic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

/**
 * Reads and writes referentials as JSON. Reading is strict (unknown fields, wrong types and
 * trailing content are errors) and reports one French error with its line and column, or with
 * the path of the field, instead of an exception.
 */
final class ReferentialJson {

    static final String DEFAULT_RESOURCE = "reference/diagnostic/referentiel-commun-v1.json";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    /** Either a referential or the problem that prevented reading it. */
    record Read(Referential referential, ReferentialProblem problem) {
    }

    private ReferentialJson() {
    }

    static Read read(String text) {
        if (text == null || text.isBlank()) {
            return new Read(null, ReferentialProblem.of("", "referential.error.empty"));
        }
        try {
            Referential r = MAPPER.readValue(text, Referential.class);
            if (r == null) {
                return new Read(null, ReferentialProblem.of("", "referential.error.empty"));
            }
            return new Read(r, null);
        } catch (UnrecognizedPropertyException e) {
            return new Read(null, ReferentialProblem.of(path(e), "referential.error.unknownField", e.getPropertyName()));
        } catch (InvalidFormatException e) {
            return new Read(null, ReferentialProblem.of(path(e), "referential.error.invalidValue",
                    String.valueOf(e.getValue())));
        } catch (MismatchedInputException e) {
            return new Read(null, ReferentialProblem.of(path(e), "referential.error.wrongType", line(e), column(e)));
        } catch (StreamReadException e) {
            return new Read(null, ReferentialProblem.of("", "referential.error.malformed", line(e), column(e)));
        } catch (JacksonException e) {
            return new Read(null, ReferentialProblem.of(path(e), "referential.error.malformed", line(e), column(e)));
        }
    }

    static String write(Referential referential) {
        return MAPPER.writeValueAsString(referential);
    }

    /** One condition on one line, for the readable view of a referential. */
    static String compact(Object value) {
        return value == null ? "" : MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    }

    /** The platform's default referential, shipped with the application. */
    static Referential loadDefault() {
        try (InputStream in = new ClassPathResource(DEFAULT_RESOURCE).getInputStream()) {
            Read read = read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (read.problem() != null) {
                throw new IllegalStateException("default referential unreadable: " + read.problem());
            }
            return read.referential();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "sections[2].questions[4].type", from the chain of references of the exception. */
    private static String path(JacksonException e) {
        StringBuilder s = new StringBuilder();
        List<JacksonException.Reference> refs = e.getPath();
        for (JacksonException.Reference ref : refs) {
            if (ref.getPropertyName() != null) {
                if (!s.isEmpty()) {
                    s.append('.');
                }
                s.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                s.append('[').append(ref.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static int line(JacksonException e) {
        TokenStreamLocation l = e.getLocation();
        return l == null ? 0 : l.getLineNr();
    }

    private static int column(JacksonException e) {
        TokenStreamLocation l = e.getLocation();
        return l == null ? 0 : l.getColumnNr();
    }
}

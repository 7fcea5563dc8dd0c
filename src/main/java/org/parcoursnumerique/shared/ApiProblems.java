package org.parcoursnumerique.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * Every error of the API as application/problem+json ({@link Problems}: type, title, status, detail,
 * errors): never an HTML page, never a stack trace. Applies to every {@code @RestController}, which in
 * this application are the API's controllers under {@code /api/v1} (pages are {@code @Controller}s), so
 * a new API module gets the same shape without an advice of its own. Failures before a controller
 * (authentication, unknown routes) are written by the security entry point and {@code ErrorPages} in
 * the same shape. ADR 0023.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    private final MessageSource messages;

    ApiProblems(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, Object>> notFound() {
        return Problems.of(404, text("error.404.title"), null, null);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Map<String, Object>> conflict(ConflictException e) {
        return Problems.of(409, text("error.409.title"), text(e.messageKey()), null);
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MissingServletRequestPartException.class})
    ResponseEntity<Map<String, Object>> badRequest() {
        return Problems.of(400, text("api.invalid"), text("api.missingPart"), null);
    }

    /** A JSON body that does not parse, or does not fit the request record (Jackson-bound endpoints). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> malformed() {
        return Problems.of(400, text("api.malformed"), text("api.malformed.detail"), null);
    }

    /** Bean Validation of a {@code @Valid} body: each field with its French message. */
    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Map<String, Object>> invalid(MethodArgumentNotValidException e) {
        List<Problems.FieldError> errors = new ArrayList<>();
        e.getBindingResult().getFieldErrors().forEach(f -> errors.add(new Problems.FieldError(f.getField(),
                messages.getMessage(f, PageContext.LOCALE))));
        e.getBindingResult().getGlobalErrors().forEach(g -> errors.add(new Problems.FieldError(g.getObjectName(),
                messages.getMessage(g, PageContext.LOCALE))));
        return Problems.of(400, text("api.invalid"), text("api.invalid.detail"), errors);
    }

    /** Bean Validation of parameters ({@code @Min} on a {@code @RequestParam}…). */
    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Map<String, Object>> invalidParameters(HandlerMethodValidationException e) {
        List<Problems.FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err -> errors.add(
                new Problems.FieldError(r.getMethodParameter().getParameterName(),
                        messages.getMessage(err, PageContext.LOCALE)))));
        return Problems.of(400, text("api.invalid"), text("api.invalid.detail"), errors);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Map<String, Object>> tooLarge() {
        return Problems.of(413, text("api.tooLarge"), null, null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> unsupported() {
        return Problems.of(415, text("api.unsupportedMediaType"), text("api.unsupportedMediaType.detail"), null);
    }

    @ExceptionHandler(org.springframework.web.HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Map<String, Object>> notAcceptable() {
        // The problem document sets its own content type, so it is written whatever the Accept header asked.
        return Problems.of(406, text("error.406.title"), text("api.notAcceptable.detail"), null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method() {
        return Problems.of(405, text("error.405.title"), null, null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        log.error("API error", e);
        return Problems.of(500, text("error.500.title"), text("error.500.text"), null);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}

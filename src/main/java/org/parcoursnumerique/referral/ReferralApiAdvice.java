package org.parcoursnumerique.referral;

import java.util.Map;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** Every error of the API as application/problem+json: never an HTML page, never a stack trace. */
@RestControllerAdvice(assignableTypes = {ReferralApiController.class, ReferralImportApiController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReferralApiAdvice {

    private static final Logger log = LoggerFactory.getLogger(ReferralApiAdvice.class);

    private final MessageSource messages;

    ReferralApiAdvice(MessageSource messages) {
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

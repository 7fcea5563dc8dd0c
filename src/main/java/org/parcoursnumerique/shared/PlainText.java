package org.parcoursnumerique.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import org.springframework.context.MessageSource;

/**
 * A text a person types in a form field: no control character (tab and line breaks only when
 * {@link #multiline}), no noncharacter (U+FFFE, U+FFFF…), no lone surrogate ({@link Names#isForbidden}).
 * The message names the field: {@link #label} is the message key of the field's label.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    /** Message key of the field's label, as the form shows it. */
    String label();

    boolean multiline() default false;

    String message() default "{input.invalidCharacters.field}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Created by Spring's validator factory, which gives it the message source. */
    class Validator implements ConstraintValidator<PlainText, String> {

        private final MessageSource messages;
        private String label;
        private boolean multiline;

        public Validator(MessageSource messages) {
            this.messages = messages;
        }

        @Override
        public void initialize(PlainText annotation) {
            this.label = annotation.label();
            this.multiline = annotation.multiline();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (Names.isCleanText(value, multiline)) {
                return true;
            }
            context.unwrap(HibernateConstraintValidatorContext.class)
                    .addMessageParameter("label", messages.getMessage(label, null, label, PageContext.LOCALE));
            return false;
        }
    }
}

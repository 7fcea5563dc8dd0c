package org.parcoursnumerique.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

/** The errors of a submitted form, by field, for templates (resolved by {@link PageContext#message}). */
public final class FormErrors {

    private static final FormErrors NONE = new FormErrors(Map.of(), List.of());

    private final Map<String, MessageSourceResolvable> byField;
    private final List<MessageSourceResolvable> global;

    private FormErrors(Map<String, MessageSourceResolvable> byField, List<MessageSourceResolvable> global) {
        this.byField = byField;
        this.global = global;
    }

    public static FormErrors none() {
        return NONE;
    }

    public static FormErrors of(BindingResult result) {
        Map<String, MessageSourceResolvable> byField = new LinkedHashMap<>();
        for (FieldError error : result.getFieldErrors()) {
            byField.putIfAbsent(error.getField(), error);
        }
        return new FormErrors(byField, new ArrayList<>(result.getGlobalErrors()));
    }

    public boolean any() {
        return !byField.isEmpty() || !global.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public MessageSourceResolvable get(String field) {
        return byField.get(field);
    }

    public Map<String, MessageSourceResolvable> fields() {
        return byField;
    }

    public List<MessageSourceResolvable> global() {
        return global;
    }
}

package io.zkrpc.spring.boot.diagnostics;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports invalid {@code zkrpc.*} settings, found when they are bound, with the property, its value
 * and where it is set, why it is wrong and what to set instead. Runs before Spring Boot's own
 * analyzer of validation errors, whose action says only to update the configuration.
 */
final class ZkRpcPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

    /** The error code of zkrpc's validators (see {@code PropertyRules}). */
    static final String CODE = "zkrpc.invalid";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
        List<ObjectError> errors = cause.getValidationErrors().getAllErrors();
        if (errors.isEmpty() || !cause.getValidationErrors().getName().toString().startsWith("zkrpc")) {
            return null;
        }
        StringBuilder description = new StringBuilder("Invalid zkrpc setting").append(errors.size() > 1 ? "s" : "").append(":\n");
        Set<String> actions = new LinkedHashSet<>();
        for (ObjectError error : errors) {
            description.append('\n');
            if (error instanceof FieldError field) {
                description.append("    Property: ").append(field.getObjectName()).append('.').append(dashed(field.getField())).append('\n');
                description.append("    Value: \"").append(shown(field.getRejectedValue())).append("\"\n");
            }
            Origin origin = Origin.from(error);
            if (origin != null) {
                description.append("    Origin: ").append(origin).append('\n');
            }
            description.append("    Reason: ").append(error.getDefaultMessage()).append('\n');
            String action = actionOf(error);
            actions.add(action != null ? action : "Update the application's configuration.");
        }
        return new FailureAnalysis(description.toString().stripTrailing(), String.join("\n", actions), cause);
    }

    /**
     * A field path as a property is written ({@code retryBudget.ratio} as {@code retry-budget.ratio}),
     * keys in brackets ({@code services[com.example.FooService]}) unchanged.
     */
    static String dashed(String fieldPath) {
        StringBuilder property = new StringBuilder(fieldPath.length() + 4);
        int depth = 0;
        for (int i = 0; i < fieldPath.length(); i++) {
            char c = fieldPath.charAt(i);
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (depth == 0 && Character.isUpperCase(c)) {
                property.append('-').append(Character.toLowerCase(c));
            } else {
                property.append(c);
            }
        }
        return property.toString();
    }

    /** A bound value as it would be written: a duration in milliseconds rather than ISO-8601's {@code PT0S}. */
    static String shown(Object value) {
        return value instanceof Duration duration ? duration.toMillis() + "ms" : String.valueOf(value);
    }

    /** The action zkrpc's validators pass as the error's one argument under the code {@value #CODE}. */
    private static String actionOf(ObjectError error) {
        Object[] arguments = error.getArguments();
        boolean ours = error.getCode() != null && error.getCode().equals(CODE);
        return ours && arguments != null && arguments.length == 1 && arguments[0] instanceof String action ? action : null;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

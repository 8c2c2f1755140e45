package io.zkrpc.core.internal.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations written in annotations: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code PT2S}, or a number of milliseconds. */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("^\\s*(\\d+)\\s*(ms|s|m|h|d)?\\s*$");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException for text that is none of the accepted forms
     */
    public static Duration parse(String text) {
        Matcher simple = SIMPLE.matcher(text);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            String unit = simple.group(2) == null ? "ms" : simple.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use 500ms, 2s, 1m, PT2S, or a number of milliseconds)", e);
        }
    }
}

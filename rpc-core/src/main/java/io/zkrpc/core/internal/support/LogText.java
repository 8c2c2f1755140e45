package io.zkrpc.core.internal.support;

/**
 * Text from outside (the registry, a remote caller's attachments, a rules node) made safe to put
 * into a log line or an error message: cut short, and every character that could forge a line or
 * hide what follows replaced with {@code ?}.
 */
public final class LogText {

    private LogText() {
    }

    /**
     * {@code text} with at most {@code max} characters kept (then followed by {@code …}), and
     * replaced with {@code ?}: control characters (line breaks among them), the line and paragraph
     * separators U+2028 and U+2029, format characters (bidirectional overrides and isolates,
     * zero-width characters) and lone surrogates; {@code "null"} for {@code null}.
     */
    public static String clean(String text, int max) {
        if (text == null) {
            return "null";
        }
        int end = Math.min(text.length(), max);
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))
                && Character.isLowSurrogate(text.charAt(end))) {
            end--; // never half a pair
        }
        StringBuilder clean = null;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1));
            int codePoint = pair ? Character.toCodePoint(c, text.charAt(i + 1)) : c;
            boolean unsafe = unsafe(codePoint);
            if (unsafe && clean == null) {
                clean = new StringBuilder(end + 1).append(text, 0, i);
            }
            if (clean != null) {
                if (unsafe) {
                    clean.append('?');
                } else {
                    clean.appendCodePoint(codePoint);
                }
            }
            if (pair) {
                i++;
            }
        }
        String kept = clean != null ? clean.toString() : end == text.length() ? text : text.substring(0, end);
        return end < text.length() ? kept + "\u2026" : kept;
    }

    private static boolean unsafe(int codePoint) {
        if (Character.isISOControl(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }
}

package io.zkrpc.core.internal.codec;

import com.alibaba.fastjson2.JSONException;

/**
 * One linear pass over a JSON document, before any parser builds a value from it, refusing the
 * two shapes whose cost grows faster than their size: nesting (the parser recurses, a stack frame
 * per level, until a {@link StackOverflowError}) and long number literals (building a
 * {@code BigInteger} from n digits costs about n²). Strings are skipped with their escapes,
 * whichever quote opens them; everything else of the grammar is left to the parser.
 */
public final class JsonBounds {

    /** Deepest nesting of arrays and objects a reply may have; no realistic result comes near it. */
    public static final int MAX_DEPTH = 256;

    /** Longest number literal a reply may have: a 4096-bit integer has 1,234 digits. */
    public static final int MAX_NUMBER_LENGTH = 4096;

    private JsonBounds() {
    }

    /**
     * Checks {@code json} against the bounds.
     *
     * @throws JSONException naming the first bound exceeded and where
     */
    public static void check(byte[] json, int maxDepth, int maxNumberLength) {
        int depth = 0;
        int numberLength = 0;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E') {
                if (++numberLength > maxNumberLength) {
                    throw new JSONException("a number longer than " + maxNumberLength + " characters at byte " + i);
                }
                continue;
            }
            numberLength = 0;
            switch (b) {
                case '"', '\'' -> i = closingQuote(json, i + 1, b);
                case '[', '{' -> {
                    if (++depth > maxDepth) {
                        throw new JSONException("nesting deeper than " + maxDepth + " levels at byte " + i);
                    }
                }
                case ']', '}' -> depth--;
                // A comment could hide brackets from this pass (a quote in it opens no string for the parser).
                case '/' -> throw new JSONException("a '/' outside a string at byte " + i);
                default -> {
                }
            }
        }
    }

    /** Where the string whose content starts at {@code from} ends (its closing quote), or the end of {@code json}. */
    private static int closingQuote(byte[] json, int from, byte quote) {
        int i = from;
        while (true) {
            i = PlainBytes.skip(json, i, json.length, quote);
            if (i >= json.length || json[i] == quote) {
                return i;
            }
            // A backslash skips the byte it escapes; a control byte is the parser's to refuse.
            i += json[i] == '\\' ? 2 : 1;
        }
    }
}

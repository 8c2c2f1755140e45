package io.zkrpc.core.internal.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.zkrpc.core.provider.RequestLimits;

/**
 * Checks a request body against the strict JSON grammar (RFC 8259) and the {@link RequestLimits}
 * in one pass, without recursion and without building any value, and finds where each field of
 * the request object lies. Only a body it accepts reaches fastjson2, so that fastjson2's lenient
 * extensions, its recursion and its number parsing only ever see bounded, well-formed input.
 *
 * <p>Refused besides the limits: a duplicate key in any object (two readers could otherwise see two
 * different requests), the keys {@code $ref} and {@code @type} (fastjson2's references and class
 * names: zkrpc writes neither), and anything after the request object.
 */
final class JsonScanner {

    /**
     * What the scan found.
     *
     * @param fields the fields of the request object, by name
     * @param arguments the elements of its {@code args} field when that is an array, else empty
     */
    record Scan(Map<String, Slice> fields, List<Slice> arguments) {
    }

    /** Where a value lies in the body: {@code [start, end)}. */
    record Slice(int start, int end) {
        int length() {
            return end - start;
        }
    }

    /** An object or array being scanned. */
    private static final class Frame {
        final boolean object;
        int count;
        Set<String> keys;
        String key;
        int valueStart;

        Frame(boolean object) {
            this.object = object;
        }
    }

    private final byte[] in;
    private final int end;
    private final RequestLimits limits;
    private int pos;

    private JsonScanner(byte[] in, int length, RequestLimits limits) {
        this.in = in;
        this.end = length;
        this.limits = limits;
    }

    /**
     * The fields of the request object in {@code body} and the elements of its {@code args}.
     *
     * @throws MalformedJson when the body is not one well-formed JSON object within the limits
     */
    static Scan scan(byte[] body, RequestLimits limits) {
        return scan(body, body.length, limits);
    }

    /** As {@link #scan(byte[], RequestLimits)}, of the body's first {@code length} bytes. */
    static Scan scan(byte[] body, int length, RequestLimits limits) {
        return new JsonScanner(body, length, limits).scanObject();
    }

    private Scan scanObject() {
        Map<String, Slice> fields = new LinkedHashMap<>();
        List<Slice> arguments = new ArrayList<>();
        skipWhitespace();
        if (pos >= end || in[pos] != '{') {
            throw fail("the body is not a JSON object");
        }
        List<Frame> stack = new ArrayList<>();
        open(stack, true);
        boolean opened = true;
        while (!stack.isEmpty()) {
            Frame top = stack.get(stack.size() - 1);
            if (opened) {
                // A container just opened: its end at once, or its first entry.
                skipWhitespace();
                opened = false;
                if (peek() == (top.object ? '}' : ']')) {
                    pos++;
                    stack.remove(stack.size() - 1);
                    if (!stack.isEmpty()) {
                        endEntry(stack, fields, arguments);
                    }
                    continue;
                }
                startEntry(top);
            }
            // The value of top's current entry.
            skipWhitespace();
            top.valueStart = pos;
            int c = next("a value");
            if (c == '{' || c == '[') {
                pos--;
                open(stack, c == '{');
                opened = true;
                continue;
            }
            scalar(c);
            endEntry(stack, fields, arguments);
        }
        skipWhitespace();
        if (pos != end) {
            throw fail("unexpected content after the request object");
        }
        return new Scan(fields, fields.containsKey("args") ? arguments : List.of());
    }

    private void open(List<Frame> stack, boolean object) {
        pos++;
        stack.add(new Frame(object));
        if (stack.size() > limits.maxDepth()) {
            throw fail("nesting deeper than " + limits.maxDepth());
        }
    }

    /**
     * An entry of the innermost container ended at {@code pos}: counts it, notes it when it is a field
     * of the request object, then reads what follows, closing each container that ends, until the
     * start of the next entry's value (or the request object's end). The elements of {@code args}
     * are noted too, so that each argument is later read from exactly its own bytes.
     */
    private void endEntry(List<Frame> stack, Map<String, Slice> fields, List<Slice> arguments) {
        while (!stack.isEmpty()) {
            Frame top = stack.get(stack.size() - 1);
            if (++top.count > limits.maxCollectionSize()) {
                throw fail("a collection of more than " + limits.maxCollectionSize() + " entries");
            }
            if (stack.size() == 1) {
                fields.put(top.key, new Slice(top.valueStart, pos));
            } else if (stack.size() == 2 && !top.object && "args".equals(stack.get(0).key)) {
                arguments.add(new Slice(top.valueStart, pos));
            }
            skipWhitespace();
            int c = next("',' or the end of " + (top.object ? "an object" : "an array"));
            if (c == ',') {
                startEntry(top);
                return;
            }
            if (c != (top.object ? '}' : ']')) {
                throw fail("expected ',' or the end of " + (top.object ? "an object" : "an array"));
            }
            stack.remove(stack.size() - 1);
        }
    }

    /** Reads the key of an object's entry and its colon; an array's entry needs nothing. */
    private void startEntry(Frame frame) {
        if (frame.object) {
            skipWhitespace();
            if (next("a field name") != '"') {
                throw fail("expected a field name");
            }
            String key = key();
            if (key.equals("$ref") || key.equals("@type")) {
                throw fail("the key '" + key + "' is not allowed");
            }
            if (frame.keys == null) {
                frame.keys = new HashSet<>();
            }
            if (!frame.keys.add(key)) {
                throw fail("a duplicate key");
            }
            frame.key = key;
            skipWhitespace();
            if (next("':'") != ':') {
                throw fail("expected ':'");
            }
        }
    }

    private void scalar(int c) {
        if (c == '"') {
            string();
        } else if (c == '-' || c >= '0' && c <= '9') {
            number(pos - 1);
        } else if (c == 't') {
            literal("rue");
        } else if (c == 'f') {
            literal("alse");
        } else if (c == 'n') {
            literal("ull");
        } else {
            throw fail("expected a value");
        }
    }

    /** Skips a string whose opening quote was read; returns where its content starts. */
    private int string() {
        int start = pos;
        // Every byte before bound is inside the body and within the length limit.
        int bound = (int) Math.min(end, (long) start + limits.maxStringLength() + 1);
        int p = start;
        while (true) {
            p = PlainBytes.skip(in, p, bound, (byte) '"');
            if (p >= bound) {
                pos = p;
                if (p >= end) {
                    throw fail("an unterminated string");
                }
                throw fail("a string longer than " + limits.maxStringLength() + " bytes");
            }
            int b = in[p++];
            pos = p;
            if (b == '"') {
                return start;
            }
            if (b != '\\') {
                throw fail("a control character in a string");
            }
            int e = next("an escape");
            if (e == 'u') {
                for (int i = 0; i < 4; i++) {
                    if (Character.digit(next("a hex digit"), 16) < 0) {
                        throw fail("an invalid \\u escape");
                    }
                }
            } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                throw fail("an invalid escape");
            }
            p = pos;
        }
    }

    /** Reads a key whose opening quote was read, decoded (escapes and strict UTF-8) so that duplicates are found as any reader would see them. */
    private String key() {
        int start = string();
        int length = pos - 1 - start;
        if (plainAscii(start, length)) {
            // The common case, without a decoder.
            return new String(in, start, length, StandardCharsets.US_ASCII);
        }
        String raw;
        try {
            raw = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw fail("a field name that is not UTF-8");
        }
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder key = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                key.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'u' -> {
                    key.append((char) Integer.parseInt(raw, i + 1, i + 5, 16));
                    i += 4;
                }
                case 'b' -> key.append('\b');
                case 'f' -> key.append('\f');
                case 'n' -> key.append('\n');
                case 'r' -> key.append('\r');
                case 't' -> key.append('\t');
                default -> key.append(e);
            }
        }
        return key.toString();
    }

    private boolean plainAscii(int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (in[i] < 0x20 || in[i] == '\\') {
                return false;
            }
        }
        return true;
    }

    /** A number in the strict grammar: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private void number(int start) {
        pos = start;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (digits() == 0) {
            throw fail("an invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (digits() == 0) {
                throw fail("an invalid number");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            int exponent = digits();
            if (exponent == 0) {
                throw fail("an invalid number");
            }
            if (exponent > 4) {
                throw fail("a number with an exponent of more than 4 digits");
            }
        }
        if (pos - start > limits.maxNumberLength()) {
            throw fail("a number longer than " + limits.maxNumberLength() + " characters");
        }
    }

    /** Skips digits, refusing a number longer than the limit as soon as it gets there. */
    private int digits() {
        int start = pos;
        // One digit past the limit is enough to refuse the number.
        int bound = (int) Math.min(end, (long) start + limits.maxNumberLength() + 1);
        int p = start;
        while (p < bound && in[p] >= '0' && in[p] <= '9') {
            p++;
        }
        pos = p;
        if (p - start > limits.maxNumberLength()) {
            throw fail("a number longer than " + limits.maxNumberLength() + " characters");
        }
        return p - start;
    }

    private void literal(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            if (pos >= end || in[pos++] != rest.charAt(i)) {
                throw fail("expected a value");
            }
        }
    }

    private void skipWhitespace() {
        while (pos < end && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
            pos++;
        }
    }

    private int peek() {
        return pos < end ? in[pos] : -1;
    }

    private int next(String expected) {
        if (pos >= end) {
            throw fail("the body ends where " + expected + " was expected");
        }
        return in[pos++] & 0xff;
    }

    private MalformedJson fail(String reason) {
        return new MalformedJson(reason + " (at byte " + pos + ")");
    }

    /** The body is not JSON that this scanner accepts; the message says why and where, without echoing the input. */
    static final class MalformedJson extends RuntimeException {
        MalformedJson(String message) {
            super(message, null, false, false);
        }
    }
}

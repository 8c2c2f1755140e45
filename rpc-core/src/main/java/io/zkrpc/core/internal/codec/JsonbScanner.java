package io.zkrpc.core.internal.codec;

import static com.alibaba.fastjson2.JSONB.Constants.*;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.alibaba.fastjson2.JSONB;

import io.zkrpc.core.internal.codec.JsonScanner.Slice;
import io.zkrpc.core.provider.RequestLimits;

/**
 * Checks a JSONB document in one pass, without recursion and without building any value, before
 * fastjson2 reads it: what {@link JsonScanner} and {@link JsonBounds} do for JSON. JSONB carries
 * lengths and counts that the sender chooses; each one is checked against the bytes that remain
 * (a string of 2 GB announced in a body of 20 bytes is refused, never allocated) and against the
 * limits, and every element is walked, so that no announced count outruns the body.
 *
 * <p>Only the tags of plain data are accepted. Refused wherever they sit: a type name
 * ({@code BC_TYPED_ANY}, fastjson2's auto-type in JSONB), a reference ({@code BC_REFERENCE}), a
 * symbol ({@code BC_SYMBOL}: zkrpc writes no symbol table), GB18030 strings, and the object keys
 * {@code @type} and {@code $ref}; zkrpc writes none of them.
 */
final class JsonbScanner {

    /**
     * The bounds one document is checked against.
     *
     * @param maxDepth deepest nesting of objects and arrays, the outermost counting 1
     * @param maxNumberBytes longest big integer, in bytes (a decimal's unscaled value too)
     * @param maxStringLength longest string or binary, in bytes as sent
     * @param maxCollectionSize most elements of one array or members of one object
     */
    record Bounds(int maxDepth, int maxNumberBytes, int maxStringLength, int maxCollectionSize) {

        /** A reply's bounds: those of {@link JsonBounds}; strings and collections bounded by the reply's size. */
        static final Bounds REPLY = new Bounds(JsonBounds.MAX_DEPTH, JsonBounds.MAX_NUMBER_LENGTH / 2, Integer.MAX_VALUE, Integer.MAX_VALUE);

        /** A request's bounds: a big integer of {@code maxNumberLength} digits takes less than half as many bytes. */
        static Bounds of(RequestLimits limits) {
            return new Bounds(limits.maxDepth(), Math.max(1, limits.maxNumberLength() / 2), limits.maxStringLength(),
                    limits.maxCollectionSize());
        }
    }

    /** Why a document was refused; the message says what and where, never echoing the input. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** What the scan of a request found: its fields by name, the elements of its {@code args}. */
    record Scan(Map<String, Slice> fields, List<Slice> arguments) {
    }

    /** The largest decimal scale accepted: JSON's four-digit exponent, and a number's digits. */
    private static final int MAX_SCALE = 10_000;

    private static final Set<Class<?>> INTEGRAL = Set.of(int.class, long.class, short.class, byte.class,
            Integer.class, Long.class, Short.class, Byte.class, BigInteger.class);
    private static final Set<Class<?>> DECIMAL = Set.of(float.class, double.class, Float.class, Double.class, BigDecimal.class);

    private final byte[] in;
    private final int end;
    private final Bounds bounds;
    private int pos;
    /** Per open container: elements left in an array, or -1 for an object (which ends with BC_OBJECT_END). */
    private int[] left;
    /** Per open object: members so far. */
    private int[] members;

    private JsonbScanner(byte[] in, int start, int end, Bounds bounds) {
        this.in = in;
        this.pos = start;
        this.end = end;
        this.bounds = bounds;
    }

    /**
     * Checks that {@code body} is exactly one JSONB value within {@code bounds}.
     *
     * @throws Malformed naming the first fault
     */
    static void check(byte[] body, Bounds bounds) {
        JsonbScanner scanner = new JsonbScanner(body, 0, body.length, bounds);
        scanner.value(0);
        if (scanner.pos != scanner.end) {
            throw scanner.fail("unexpected content after the value");
        }
    }

    /**
     * Checks a request (one JSONB object) and finds its fields and the elements of its {@code args};
     * a field named twice is refused, as {@link JsonScanner} refuses it.
     *
     * @throws Malformed naming the first fault
     */
    static Scan scanRequest(byte[] body, Bounds bounds) {
        return new JsonbScanner(body, 0, body.length, bounds).request();
    }

    /** Whether the value at {@code body[start]} has the shape {@code type} takes, as {@link ArgumentShape} says for JSON. */
    static boolean fits(Type type, byte[] body, int start) {
        if (!(type instanceof Class<?> raw)) {
            return true;
        }
        byte tag = body[start];
        if (tag == BC_NULL) {
            return !raw.isPrimitive();
        }
        if (INTEGRAL.contains(raw)) {
            return isInteger(tag);
        }
        if (DECIMAL.contains(raw)) {
            return isInteger(tag) || tag >= BC_DOUBLE_NUM_0 && tag <= BC_DECIMAL || tag == BC_BIGINT || tag == BC_BIGINT_LONG;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return tag == BC_TRUE || tag == BC_FALSE;
        }
        return true;
    }

    private static boolean isInteger(byte tag) {
        return tag >= BC_INT32_NUM_MIN && tag <= BC_INT32 || tag >= BC_INT64_SHORT_MIN && tag <= BC_INT64_NUM_MAX
                || tag == BC_INT64 || tag == BC_INT64_INT || tag == BC_INT8 || tag == BC_INT16 || tag == BC_BIGINT
                || tag == BC_BIGINT_LONG;
    }

    private Scan request() {
        if (pos >= end || in[pos] != BC_OBJECT) {
            throw fail("the body is not a JSONB object");
        }
        pos++;
        Map<String, Slice> fields = new HashMap<>(8);
        List<Slice> arguments = new ArrayList<>();
        int count = 0;
        while (true) {
            need(1);
            if (in[pos] == BC_OBJECT_END) {
                pos++;
                break;
            }
            if (++count > bounds.maxCollectionSize()) {
                throw fail("an object of more than " + bounds.maxCollectionSize() + " members");
            }
            String name = fieldName();
            int start = pos;
            if (name.equals("args") && pos < end && isArrayTag(in[pos])) {
                arguments(arguments);
            } else {
                value(1);
            }
            if (fields.put(name, new Slice(start, pos)) != null) {
                throw fail("the field '" + printable(name) + "' twice");
            }
        }
        if (pos != end) {
            throw fail("unexpected content after the request object");
        }
        return new Scan(fields, fields.containsKey("args") ? arguments : List.of());
    }

    private void arguments(List<Slice> arguments) {
        int count = arrayCount(in[pos++]);
        checkDepth(2);
        for (int i = 0; i < count; i++) {
            int start = pos;
            value(2);
            arguments.add(new Slice(start, pos));
        }
    }

    /** A field name of the request object, read whole: a string of at most 64 bytes. */
    private String fieldName() {
        byte tag = in[pos];
        int length;
        int start;
        if (tag >= BC_STR_ASCII_FIX_MIN && tag <= BC_STR_ASCII_FIX_MAX) {
            pos++;
            length = tag - BC_STR_ASCII_FIX_MIN;
        } else if (tag == BC_STR_ASCII || tag == BC_STR_UTF8) {
            pos++;
            length = length();
        } else {
            throw fail("a field name of the request that is not a UTF-8 string");
        }
        need(length);
        if (length > 64) {
            throw fail("a field name of the request longer than 64 bytes");
        }
        start = pos;
        pos += length;
        return new String(in, start, length, StandardCharsets.UTF_8);
    }

    /** Skips one value whose enclosing containers are {@code depth} deep, checking everything in it. */
    private void value(int depth) {
        if (left == null) {
            // Grown as nesting deepens (up to the bound): most documents are a few levels deep.
            left = new int[Math.min(8, bounds.maxDepth() + 1)];
            members = new int[left.length];
        }
        int open = 0;
        while (true) {
            need(1);
            byte tag = in[pos++];
            if (tag == BC_OBJECT || isArrayTag(tag)) {
                checkDepth(depth + open + 1);
                if (open == left.length) {
                    left = Arrays.copyOf(left, Math.min(2 * open, bounds.maxDepth() + 1));
                    members = Arrays.copyOf(members, left.length);
                }
                left[open] = tag == BC_OBJECT ? -1 : arrayCount(tag);
                members[open] = 0;
                open++;
            } else {
                scalar(tag);
            }
            // Closes the containers that are complete, and reads the next key when the next value is a member's.
            while (open > 0) {
                int top = open - 1;
                if (left[top] >= 0) {
                    if (left[top] == 0) {
                        open--;
                        continue;
                    }
                    left[top]--;
                    break;
                }
                need(1);
                if (in[pos] == BC_OBJECT_END) {
                    pos++;
                    open--;
                    continue;
                }
                if (++members[top] > bounds.maxCollectionSize()) {
                    throw fail("an object of more than " + bounds.maxCollectionSize() + " members");
                }
                key();
                break;
            }
            if (open == 0) {
                return;
            }
        }
    }

    private void checkDepth(int depth) {
        if (depth > bounds.maxDepth()) {
            throw fail("nesting deeper than " + bounds.maxDepth() + " levels");
        }
    }

    private static boolean isArrayTag(byte tag) {
        return tag >= BC_ARRAY_FIX_MIN && tag <= BC_ARRAY;
    }

    /** The count of an array whose tag was just read, checked against the limit and the bytes left (each element takes one at least). */
    private int arrayCount(byte tag) {
        int count = tag == BC_ARRAY ? length() : tag - BC_ARRAY_FIX_MIN;
        if (count > bounds.maxCollectionSize()) {
            throw fail("an array of more than " + bounds.maxCollectionSize() + " elements");
        }
        if (count > end - pos) {
            throw fail("an array announcing " + count + " elements in " + (end - pos) + " bytes");
        }
        return count;
    }

    /** An object's key: a string (neither {@code @type} nor {@code $ref}) or an integer, as fastjson2 writes a map's keys. */
    private void key() {
        byte tag = in[pos];
        if (tag >= BC_STR_ASCII_FIX_MIN && tag <= BC_STR_UTF16BE) {
            pos++;
            int length = stringLength(tag);
            if ((length == 4 || length == 5 || length >= 8 && length <= 12) && isReserved(tag, length)) {
                throw fail("a key '@type' or '$ref' (fastjson2's class names and references), which zkrpc never writes");
            }
            pos += length;
            return;
        }
        if (isInteger(tag) && tag != BC_BIGINT) {
            pos++;
            scalar(tag);
            return;
        }
        throw fail("an object key of type " + JSONB.typeName(tag));
    }

    /** Whether the short string key at the position, in the encoding of {@code tag}, is {@code @type} or {@code $ref}. */
    private boolean isReserved(byte tag, int length) {
        Charset charset = switch (tag) {
            case BC_STR_UTF16 -> StandardCharsets.UTF_16;
            case BC_STR_UTF16LE -> StandardCharsets.UTF_16LE;
            case BC_STR_UTF16BE -> StandardCharsets.UTF_16BE;
            default -> StandardCharsets.UTF_8;
        };
        String key = new String(in, pos, length, charset);
        return key.equals("@type") || key.equals("$ref");
    }

    /** Skips the payload of a scalar whose tag was just read. */
    private void scalar(byte tag) {
        if (tag >= BC_INT32_NUM_MIN && tag <= BC_INT32_NUM_MAX || tag >= BC_INT64_NUM_MIN && tag <= BC_INT64_NUM_MAX) {
            return;
        }
        if (tag >= BC_INT32_BYTE_MIN && tag <= BC_INT32_BYTE_MAX || tag >= BC_INT64_BYTE_MIN && tag <= BC_INT64_BYTE_MAX) {
            skip(1);
            return;
        }
        if (tag >= BC_INT32_SHORT_MIN && tag <= BC_INT32_SHORT_MAX || tag >= BC_INT64_SHORT_MIN && tag <= BC_INT64_SHORT_MAX) {
            skip(2);
            return;
        }
        if (tag >= BC_STR_ASCII_FIX_MIN && tag <= BC_STR_UTF16BE) {
            skip(stringLength(tag));
            return;
        }
        switch (tag) {
            case BC_NULL, BC_TRUE, BC_FALSE, BC_DOUBLE_NUM_0, BC_DOUBLE_NUM_1 -> {
            }
            case BC_INT8 -> skip(1);
            case BC_INT16 -> skip(2);
            case BC_INT32, BC_INT64_INT, BC_FLOAT, BC_TIMESTAMP_SECONDS, BC_TIMESTAMP_MINUTES -> skip(4);
            case BC_INT64, BC_DOUBLE, BC_TIMESTAMP_MILLIS -> skip(8);
            case BC_FLOAT_INT, BC_CHAR -> int32();
            case BC_DOUBLE_LONG, BC_BIGINT_LONG, BC_DECIMAL_LONG -> int64();
            case BC_BIGINT -> bigInteger();
            case BC_DECIMAL -> {
                int scale = int32();
                if (scale > MAX_SCALE || scale < -MAX_SCALE) {
                    throw fail("a decimal scale beyond ±" + MAX_SCALE);
                }
                unscaled();
            }
            case BC_BINARY -> {
                int length = int32();
                checkLength(length, "binary value");
                skip(length);
            }
            case BC_LOCAL_DATE -> skip(4);
            case BC_LOCAL_TIME -> {
                skip(3);
                int32();
            }
            case BC_LOCAL_DATETIME -> {
                skip(7);
                int32();
            }
            case BC_TIMESTAMP -> {
                int64();
                int32();
            }
            case BC_TIMESTAMP_WITH_TIMEZONE -> {
                skip(7);
                int32();
                need(1);
                byte zone = in[pos++];
                if (zone < BC_STR_ASCII_FIX_MIN || zone > BC_STR_UTF16BE) {
                    throw fail("a time zone that is not a string");
                }
                skip(stringLength(zone));
            }
            case BC_TYPED_ANY -> throw fail("a type name (fastjson2's auto-type), which zkrpc never reads");
            case BC_REFERENCE -> throw fail("a reference, which zkrpc never reads");
            case BC_SYMBOL -> throw fail("a symbol, which zkrpc never writes");
            default -> throw fail("a value of type " + JSONB.typeName(tag));
        }
    }

    /** The byte length of a string whose tag was just read, checked; the position is at its first byte. */
    private int stringLength(byte tag) {
        int length = tag <= BC_STR_ASCII_FIX_MAX ? tag - BC_STR_ASCII_FIX_MIN : length();
        checkLength(length, "string");
        need(length);
        return length;
    }

    private void checkLength(int length, String what) {
        if (length < 0) {
            throw fail("a " + what + " of negative length");
        }
        if (length > bounds.maxStringLength()) {
            throw fail("a " + what + " longer than " + bounds.maxStringLength() + " bytes");
        }
        if (length > end - pos) {
            throw fail("a " + what + " announcing " + length + " bytes in " + (end - pos));
        }
    }

    private void bigInteger() {
        int length = int32();
        if (length < 0 || length > bounds.maxNumberBytes()) {
            throw fail("a big integer longer than " + bounds.maxNumberBytes() + " bytes");
        }
        skip(length);
    }

    /** A decimal's unscaled value: an integer in one of the forms fastjson2 writes. */
    private void unscaled() {
        need(1);
        byte tag = in[pos++];
        if (!isInteger(tag)) {
            throw fail("a decimal whose unscaled value is of type " + JSONB.typeName(tag));
        }
        scalar(tag);
    }

    /** A length: a non-negative int in one of the int forms. */
    private int length() {
        int length = int32();
        if (length < 0) {
            throw fail("a negative length");
        }
        return length;
    }

    private int int32() {
        need(1);
        byte tag = in[pos++];
        if (tag >= BC_INT32_NUM_MIN && tag <= BC_INT32_NUM_MAX) {
            return tag;
        }
        if (tag >= BC_INT32_BYTE_MIN && tag <= BC_INT32_BYTE_MAX) {
            need(1);
            return ((tag - BC_INT32_BYTE_ZERO) << 8) + (in[pos++] & 0xFF);
        }
        if (tag >= BC_INT32_SHORT_MIN && tag <= BC_INT32_SHORT_MAX) {
            need(2);
            int value = ((tag - BC_INT32_SHORT_ZERO) << 16) + ((in[pos] & 0xFF) << 8) + (in[pos + 1] & 0xFF);
            pos += 2;
            return value;
        }
        if (tag == BC_INT32) {
            need(4);
            int value = (in[pos] << 24) + ((in[pos + 1] & 0xFF) << 16) + ((in[pos + 2] & 0xFF) << 8) + (in[pos + 3] & 0xFF);
            pos += 4;
            return value;
        }
        throw fail("an int of type " + JSONB.typeName(tag));
    }

    private void int64() {
        need(1);
        byte tag = in[pos++];
        if (!isInteger(tag) || tag == BC_BIGINT || tag == BC_BIGINT_LONG) {
            throw fail("a long of type " + JSONB.typeName(tag));
        }
        scalar(tag);
    }

    private void skip(int n) {
        need(n);
        pos += n;
    }

    private void need(int n) {
        if (n > end - pos) {
            throw fail("the document ends early");
        }
    }

    private static String printable(String name) {
        return name.replaceAll("[^\\w.$-]", "?");
    }

    private Malformed fail(String message) {
        return new Malformed(message + " at byte " + pos);
    }
}

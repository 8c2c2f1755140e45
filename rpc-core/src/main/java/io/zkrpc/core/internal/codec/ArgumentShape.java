package io.zkrpc.core.internal.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.lang.reflect.Type;
import java.util.Set;

/**
 * The JSON shape a scalar parameter type takes. fastjson2 reads leniently ({@code {"a":1}} as the
 * int 0, {@code true} as 1, {@code 1.5} as 1); an argument of a number or boolean type must be a
 * literal of that kind, and null only where Java allows it, so that no value changes silently.
 * Other types are left to fastjson2's typed reading.
 */
final class ArgumentShape {

    private static final Set<Class<?>> INTEGRAL = Set.of(int.class, long.class, short.class, byte.class,
            Integer.class, Long.class, Short.class, Byte.class, BigInteger.class);
    private static final Set<Class<?>> DECIMAL = Set.of(float.class, double.class, Float.class, Double.class, BigDecimal.class);

    private ArgumentShape() {
    }

    /** Whether the value in {@code body[start, end)}, well-formed JSON, has the shape {@code type} takes. */
    static boolean fits(Type type, byte[] body, int start, int end) {
        if (!(type instanceof Class<?> raw)) {
            return true;
        }
        byte first = body[start];
        if (first == 'n') {
            return !raw.isPrimitive();
        }
        if (INTEGRAL.contains(raw)) {
            for (int i = first == '-' ? start + 1 : start; i < end; i++) {
                if (body[i] < '0' || body[i] > '9') {
                    return false;
                }
            }
            return true;
        }
        if (DECIMAL.contains(raw)) {
            return first == '-' || first >= '0' && first <= '9';
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return first == 't' || first == 'f';
        }
        return true;
    }
}

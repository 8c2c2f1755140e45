package io.zkrpc.core.internal.cluster;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;
import com.alibaba.fastjson2.JSONReader;
import com.alibaba.fastjson2.reader.ObjectReaderProvider;

import io.zkrpc.core.internal.codec.JsonBounds;

/**
 * The rules of one service, as operators write them in its rules node (ZooKeeper's
 * {@code /{namespace}/{environment}/{interface}[:{version}]/config}):
 * <pre>{@code
 * {"gray": {"tag": "gray", "share": 0.1}, "instances": {"127.0.0.1:8081": {"weight": 0}}}
 * }</pre>
 * {@code gray} sends {@code share} of the calls that carry no tag to the instances tagged
 * {@code tag}; {@code instances} overrides the registered weight of instances by address. Both
 * are optional; {@code {}} is no rule.
 *
 * <p>Read strictly, as anything read from the registry: at most {@value #MAX_BYTES} bytes, only
 * the keys above (an unknown key, such as a misspelt {@code "grey"}, is refused rather than
 * silently ignored, so that a typo never looks applied), a tag of at most {@value #MAX_TAG_LENGTH}
 * letters, digits, {@code .}, {@code _} or {@code -}, a share in [0, 1], whole weights from 0 to
 * {@value #MAX_WEIGHT}, addresses as {@code host:port}, at most {@value #MAX_INSTANCES} of them.
 * Before fastjson2 reads it, a linear pass ({@link JsonBounds}) refuses nesting deeper than
 * {@value #MAX_DEPTH} levels and number literals longer than {@value #MAX_NUMBER_LENGTH} characters;
 * fastjson2 then reads it into plain maps with zkrpc's own reader context (its own reader provider,
 * no feature taken from the application's global fastjson2 settings, so never auto-type, and the
 * same nesting limit): nothing in it can name a class. Numbers are checked for their size before any
 * conversion, and any failure of the parser becomes an {@link IllegalArgumentException}.
 *
 * @param gray the gray rule, or {@code null}
 * @param weights the weight of instances by address, possibly empty
 */
public record ServiceRules(Gray gray, Map<String, Integer> weights) {

    /** No rule. */
    public static final ServiceRules NONE = new ServiceRules(null, Map.of());

    /** The largest rules accepted, in bytes of UTF-8. */
    public static final int MAX_BYTES = 64 * 1024;
    static final int MAX_TAG_LENGTH = TagRouting.MAX_TAG_LENGTH;
    static final int MAX_WEIGHT = 10_000;
    static final int MAX_INSTANCES = 1024;
    /** Deepest nesting accepted: the rules' own shape has three levels. */
    static final int MAX_DEPTH = 8;
    /** Longest number literal accepted: a share or a weight needs a handful of characters. */
    static final int MAX_NUMBER_LENGTH = 32;
    /** Most significant digits of a decimal share or weight: far more than a double holds. */
    private static final int MAX_DIGITS = 20;
    private static final int MAX_HOST_LENGTH = 255;
    /** zkrpc's own reader provider: nothing registered globally (auto-type handlers, readers) applies. */
    private static final ObjectReaderProvider READERS = new ObjectReaderProvider();
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]");

    public ServiceRules {
        weights = Collections.unmodifiableMap(new TreeMap<>(weights));
    }

    /**
     * A gray rule.
     *
     * @param tag the tag of the gray instances
     * @param share the share of untagged calls they take, in [0, 1]
     */
    public record Gray(String tag, double share) {
    }

    /** Whether this is no rule at all. */
    public boolean isEmpty() {
        return gray == null && weights.isEmpty();
    }

    /**
     * Reads {@code json}.
     *
     * @throws IllegalArgumentException naming the first problem, with no stack trace worth printing
     */
    public static ServiceRules parse(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty rules");
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("rules of " + bytes.length + " bytes, more than " + MAX_BYTES);
        }
        try {
            return read(json, bytes);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // Callers expect this one kind of refusal, and log it without a stack trace.
            throw new IllegalArgumentException("unreadable rules: " + firstLine(e.toString()));
        }
    }

    private static ServiceRules read(String json, byte[] bytes) {
        Object root;
        try {
            // Before the parser: it recurses per level, and builds numbers of any length.
            JsonBounds.check(bytes, MAX_DEPTH, MAX_NUMBER_LENGTH);
            root = parseJson(json);
        } catch (JSONException e) {
            throw new IllegalArgumentException("not JSON: " + firstLine(e.getMessage()));
        }
        JSONObject object = object(root, "the rules");
        keys(object, "the rules", Set.of("gray", "instances"));
        Gray gray = object.get("gray") == null ? null : gray(object(object.get("gray"), "\"gray\""));
        Map<String, Integer> weights = object.get("instances") == null ? Map.of()
                : weights(object(object.get("instances"), "\"instances\""));
        return new ServiceRules(gray, weights);
    }

    /**
     * Reads one JSON value with zkrpc's own context: the features set here and no others (the
     * application's global {@code JSONReader} features, such as {@code SupportAutoType}, do not
     * apply), a nesting limit, and nothing after the value.
     */
    private static Object parseJson(String json) {
        JSONReader.Context context = new JSONReader.Context(READERS, JSONReader.Feature.DisableReferenceDetect.mask);
        context.setMaxLevel(MAX_DEPTH);
        try (JSONReader reader = JSONReader.of(json, context)) {
            Object value = reader.readAny();
            if (!reader.isEnd()) {
                throw new JSONException("more after the JSON value");
            }
            return value;
        }
    }

    private static Gray gray(JSONObject gray) {
        keys(gray, "\"gray\"", Set.of("tag", "share"));
        if (!(gray.get("tag") instanceof String tag) || tag.isBlank()) {
            throw new IllegalArgumentException("\"gray\" needs a \"tag\", a non-blank string");
        }
        if (!TagRouting.isValidTag(tag)) {
            throw new IllegalArgumentException("gray tag '" + shown(tag) + "' is not at most " + MAX_TAG_LENGTH
                    + " letters, digits, '.', '_' or '-'");
        }
        return new Gray(tag, share(gray.get("share")));
    }

    /**
     * A share from 0 to 1: a finite number, sized before it is converted (a decimal's
     * {@code doubleValue()} costs as much as its digits and exponent).
     */
    static double share(Object value) {
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("\"gray\" needs a \"share\", a number from 0 to 1");
        }
        boolean bounded = number instanceof Integer || number instanceof Long || number instanceof Double || number instanceof Float
                || number instanceof BigDecimal decimal && decimal.precision() <= MAX_DIGITS && Math.abs((long) decimal.scale()) <= MAX_DIGITS
                || number instanceof BigInteger integer && integer.bitLength() <= 63;
        double share = bounded ? number.doubleValue() : Double.NaN;
        if (!(Double.isFinite(share) && share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("gray share " + token(number) + " is not from 0 to 1");
        }
        return share;
    }

    private static Map<String, Integer> weights(JSONObject instances) {
        if (instances.size() > MAX_INSTANCES) {
            throw new IllegalArgumentException("\"instances\" names " + instances.size() + " instances, more than " + MAX_INSTANCES);
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        // fastjson2 keeps an unquoted key such as 1 as a number, whatever the map's declared key type.
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) instances).entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("instance '" + shown(String.valueOf(entry.getKey())) + "' is not host:port");
            }
            String address = address(key);
            JSONObject instance = object(entry.getValue(), "instance '" + address + "'");
            keys(instance, "instance '" + address + "'", Set.of("weight"));
            weights.put(address, weight(instance.get("weight"), address));
        }
        return weights;
    }

    /**
     * A whole number from 0 to {@value #MAX_WEIGHT}. Every check is on the value's size first
     * (digits, exponent, bits), never on a conversion of it: a decimal's plain string or integer
     * value costs as much as its exponent is large.
     */
    static int weight(Object value, String address) {
        if (value == null) {
            throw new IllegalArgumentException("weight of '" + address + "' is missing");
        }
        Long whole = whole(value);
        if (whole == null) {
            throw new IllegalArgumentException("weight of '" + address + "' is not a whole number: " + token(value));
        }
        if (whole < 0 || whole > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight of '" + address + "' is " + token(value) + ", not from 0 to " + MAX_WEIGHT);
        }
        return whole.intValue();
    }

    /** {@code value} as a long when it is a whole number (beyond the long range: the nearest bound), else {@code null}. */
    private static Long whole(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger integer) {
            return integer.bitLength() <= 63 ? integer.longValue() : integer.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) && number == Math.rint(number) ? (long) number : null;
        }
        if (value instanceof BigDecimal decimal) {
            // precision - scale: the digits before the point, whatever the exponent (1e999999999 has 1,000,000,000).
            long digitsBeforePoint = decimal.precision() - (long) decimal.scale();
            if (digitsBeforePoint > MAX_DIGITS) {
                return decimal.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            if (decimal.precision() > MAX_DIGITS || decimal.scale() > MAX_DIGITS) {
                return null;
            }
            // Both bounded now, so stripping costs a few digits' work.
            BigDecimal stripped = decimal.stripTrailingZeros();
            if (stripped.scale() > 0) {
                return null;
            }
            return digitsBeforePoint > 18 ? (decimal.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : stripped.longValueExact();
        }
        return null;
    }

    /**
     * A number as written, shortened, for a message: a decimal in scientific notation (its plain
     * form may have as many characters as its exponent), a value that is no number by its kind.
     */
    private static String token(Object value) {
        String text;
        if (value instanceof BigDecimal decimal && decimal.precision() > MAX_NUMBER_LENGTH) {
            text = "a number of " + decimal.precision() + " digits";
        } else if (value instanceof BigInteger integer && integer.bitLength() > 4 * MAX_NUMBER_LENGTH) {
            text = "a number of " + integer.bitLength() + " bits";
        } else if (value instanceof Number number) {
            text = number.toString();
        } else if (value instanceof String string) {
            text = '"' + string + '"';
        } else {
            text = value instanceof Map ? "a JSON object" : value instanceof List ? "a JSON array" : "a JSON value";
        }
        return shown(text);
    }

    private static String address(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon);
        String port = colon < 0 ? "" : address.substring(colon + 1);
        boolean valid = !host.isEmpty() && host.length() <= MAX_HOST_LENGTH && HOST.matcher(host).matches()
                && port.length() <= 5 && !port.isEmpty() && port.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
        if (!valid) {
            throw new IllegalArgumentException("instance '" + shown(address) + "' is not host:port");
        }
        return address;
    }

    private static JSONObject object(Object value, String what) {
        if (value instanceof JSONObject object) {
            return object;
        }
        throw new IllegalArgumentException(what + " must be a JSON object");
    }

    private static void keys(JSONObject object, String what, Set<String> known) {
        for (Object key : ((Map<?, ?>) object).keySet()) {
            if (!(key instanceof String) || !known.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + shown(String.valueOf(key)) + "' in " + what + " (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** At most 64 characters of {@code text}, control characters replaced: never a line break into the log. */
    private static String shown(String text) {
        return io.zkrpc.core.internal.support.LogText.clean(text, 64);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return shown(end < 0 ? message : message.substring(0, end));
    }

    /** These rules as plain values, in the shape of the rules node, for display. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (gray != null) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("tag", gray.tag());
            rule.put("share", gray.share());
            map.put("gray", rule);
        }
        if (!weights.isEmpty()) {
            Map<String, Object> instances = new LinkedHashMap<>();
            weights.forEach((address, weight) -> instances.put(address, Map.of("weight", weight)));
            map.put("instances", instances);
        }
        return map;
    }

    /** These rules as the JSON of a rules node. */
    public String toJson() {
        return JSON.toJSONString(toMap());
    }
}

package io.zkrpc.core.internal.cluster;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;

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
 * fastjson2 reads it into plain maps: nothing in it can name a class.
 *
 * @param gray the gray rule, or {@code null}
 * @param weights the weight of instances by address, possibly empty
 */
public record ServiceRules(Gray gray, Map<String, Integer> weights) {

    /** No rule. */
    public static final ServiceRules NONE = new ServiceRules(null, Map.of());

    /** The largest rules accepted, in bytes of UTF-8. */
    public static final int MAX_BYTES = 64 * 1024;
    static final int MAX_TAG_LENGTH = 64;
    static final int MAX_WEIGHT = 10_000;
    static final int MAX_INSTANCES = 1024;
    private static final int MAX_HOST_LENGTH = 255;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._-]+");
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
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("rules of " + bytes + " bytes, more than " + MAX_BYTES);
        }
        Object root;
        try {
            root = JSON.parse(json);
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

    private static Gray gray(JSONObject gray) {
        keys(gray, "\"gray\"", Set.of("tag", "share"));
        if (!(gray.get("tag") instanceof String tag) || tag.isBlank()) {
            throw new IllegalArgumentException("\"gray\" needs a \"tag\", a non-blank string");
        }
        if (tag.length() > MAX_TAG_LENGTH || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("gray tag '" + shown(tag) + "' is not at most " + MAX_TAG_LENGTH
                    + " letters, digits, '.', '_' or '-'");
        }
        if (!(gray.get("share") instanceof Number number)) {
            throw new IllegalArgumentException("\"gray\" needs a \"share\", a number from 0 to 1");
        }
        double share = number.doubleValue();
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("gray share " + number + " is not from 0 to 1");
        }
        return new Gray(tag, share);
    }

    private static Map<String, Integer> weights(JSONObject instances) {
        if (instances.size() > MAX_INSTANCES) {
            throw new IllegalArgumentException("\"instances\" names " + instances.size() + " instances, more than " + MAX_INSTANCES);
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : instances.entrySet()) {
            String address = address(entry.getKey());
            JSONObject instance = object(entry.getValue(), "instance '" + address + "'");
            keys(instance, "instance '" + address + "'", Set.of("weight"));
            weights.put(address, weight(instance.get("weight"), address));
        }
        return weights;
    }

    private static int weight(Object value, String address) {
        boolean whole = value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0;
        if (!whole) {
            throw new IllegalArgumentException("weight of '" + address + "' is " + (value == null ? "missing" : "not a whole number: " + shown(String.valueOf(value))));
        }
        BigDecimal weight = new BigDecimal(value.toString());
        if (weight.signum() < 0 || weight.compareTo(BigDecimal.valueOf(MAX_WEIGHT)) > 0) {
            throw new IllegalArgumentException("weight of '" + address + "' is " + shown(weight.toPlainString()) + ", not from 0 to " + MAX_WEIGHT);
        }
        return weight.intValueExact();
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
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + shown(key) + "' in " + what + " (known: "
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

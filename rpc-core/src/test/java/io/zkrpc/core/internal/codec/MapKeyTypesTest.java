package io.zkrpc.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.provider.RequestLimits;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.testsupport.Color;
import io.zkrpc.core.testsupport.Dto;

/**
 * A map's keys arrive as the type its declaration names, through both codecs, as an argument, a
 * result and a record's field: never as the strings the wire carries them in (a {@code Map<Color, …>}
 * holding {@code String}s would fail only later, far away, with a {@code ClassCastException}).
 */
class MapKeyTypesTest {

    public interface Api {
        Keyed echo(Map<Color, String> byColor, Map<Integer, String> byInt, Map<Long, Dto> byLong, Map<UUID, String> byId, Keyed keyed);

        Map<Color, String> byColor();

        Map<Integer, String> byInt();

        Map<Long, Dto> byLong();

        Map<UUID, String> byId();

        Keyed keyed();

        List<Map<Color, Integer>> nested();
    }

    /** Every key type of the test in a record's fields. */
    public record Keyed(Map<Color, Integer> counts, Map<Integer, String> byInt, Map<Long, Dto> byLong, Map<UUID, String> byId,
            Map<Color, Dto> byColor) {
    }

    static final UUID ID = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    static final Map<Color, String> BY_COLOR = ordered(Color.GREEN, "g", Color.RED, "r");
    static final Map<Integer, String> BY_INT = ordered(-7, "minus seven", 42, "forty-two");
    static final Map<Long, Dto> BY_LONG = ordered(1L << 40, new Dto(1, "one"), -3L, new Dto(2, null));
    static final Map<UUID, String> BY_ID = ordered(ID, "id", new UUID(0, 1), "one");
    static final Keyed KEYED = new Keyed(ordered(Color.BLUE, 3, Color.RED, -1), BY_INT, BY_LONG, BY_ID, ordered(Color.RED, new Dto(5, "five")));

    private static final ServiceKey SERVICE = ServiceKey.of(Api.class, "", null);
    private static final Map<String, MethodDescriptor> METHODS = MethodDescriptor.forInterface(Api.class);
    private static final MethodResolver<MethodDescriptor> RESOLVER = new MethodResolver<>() {
        @Override
        public MethodDescriptor resolve(String serviceId, String name, List<String> types) {
            return METHODS.get(MethodDescriptor.signature(name, types));
        }

        @Override
        public MethodDescriptor method(MethodDescriptor target) {
            return target;
        }
    };

    @Test
    void argumentMapsThroughJsonb() {
        arguments(Codec.JSONB_CODEC);
    }

    @Test
    void argumentMapsThroughJson() {
        arguments(Codec.JSON_CODEC);
    }

    private static void arguments(Codec codec) {
        {
            MethodDescriptor method = onlyMethod("echo");
            byte[] body = codec.encodeRequest(new Invocation(SERVICE, method, new Object[] {BY_COLOR, BY_INT, BY_LONG, BY_ID, KEYED},
                    Map.of()), -1);

            Object[] arguments = codec.decodeRequest(body, RequestLimits.DEFAULTS, RESOLVER).arguments();

            String through = codec.contentType();
            assertKeys(arguments[0], BY_COLOR, Color.class, through + " Map<Color, String>");
            assertKeys(arguments[1], BY_INT, Integer.class, through + " Map<Integer, String>");
            assertKeys(arguments[2], BY_LONG, Long.class, through + " Map<Long, Dto>");
            assertKeys(arguments[3], BY_ID, UUID.class, through + " Map<UUID, String>");
            if (codec == Codec.JSON_CODEC) {
                assertKeyed(arguments[4], through + " argument");
            }
        }
    }

    @Test
    void resultMapsThroughJson() {
        results(Codec.JSON_CODEC);
    }

    @Test
    void resultMapsThroughJsonb() {
        results(Codec.JSONB_CODEC);
    }

    private static void results(Codec codec) {
        {
            String through = codec.contentType();
            assertKeys(result(codec, "byColor", BY_COLOR), BY_COLOR, Color.class, through + " Map<Color, String>");
            assertKeys(result(codec, "byInt", BY_INT), BY_INT, Integer.class, through + " Map<Integer, String>");
            assertKeys(result(codec, "byLong", BY_LONG), BY_LONG, Long.class, through + " Map<Long, Dto>");
            assertKeys(result(codec, "byId", BY_ID), BY_ID, UUID.class, through + " Map<UUID, String>");
            if (codec == Codec.JSON_CODEC) {
                assertKeyed(result(codec, "keyed", KEYED), through + " result");
            }
            List<?> nested = (List<?>) result(codec, "nested", List.of(KEYED.counts()));
            assertKeys(nested.get(0), KEYED.counts(), Color.class, through + " List<Map<Color, Integer>>");
        }
    }

    /**
     * Not yet: fastjson2 reads a record's or bean's map field through its global reader provider, not
     * zkrpc's ({@code WireFormat}), so in JSONB the keys of a {@code Map<Color, Integer>} field stay strings.
     */
    @Test
    @org.junit.jupiter.api.Disabled("known gap: JSONB leaves the keys of a record's or bean's Map<Color|Integer|…, …> field as strings")
    void recordFieldMapsThroughJsonb() {
        byte[] body = Codec.JSONB_CODEC.encodeRequest(new Invocation(SERVICE, onlyMethod("echo"),
                new Object[] {BY_COLOR, BY_INT, BY_LONG, BY_ID, KEYED}, Map.of()), -1);
        assertKeyed(Codec.JSONB_CODEC.decodeRequest(body, RequestLimits.DEFAULTS, RESOLVER).arguments()[4], "argument");
        assertKeyed(result(Codec.JSONB_CODEC, "keyed", KEYED), "result");
    }

    @Test
    void aKeyThatIsNotOfTheDeclaredTypeIsRefused() {
        Map<String, String> purple = Map.of("PURPLE", "p");
        for (Codec codec : List.of(Codec.JSON_CODEC, Codec.JSONB_CODEC)) {
            MethodDescriptor method = onlyMethod("byColor");
            byte[] body = codec.encodeResult(purple);
            try {
                Object decoded = codec.decodeResult(body, method, "the test");
                throw new AssertionError(codec.contentType() + " decoded " + decoded + " with keys "
                        + ((Map<?, ?>) decoded).keySet().stream().map(k -> k.getClass().getName()).toList());
            } catch (RpcException e) {
                assertThat(e.code()).as(codec.contentType()).isEqualTo(RpcErrorCode.SERIALIZATION);
                assertThat(e.getMessage()).as(codec.contentType()).contains("PURPLE");
            }
        }
    }

    private static Object result(Codec codec, String name, Object value) {
        return codec.decodeResult(codec.encodeResult(value), onlyMethod(name), "the test");
    }

    private static void assertKeyed(Object decoded, String through) {
        assertThat(decoded).as(through).isInstanceOf(Keyed.class);
        Keyed keyed = (Keyed) decoded;
        assertKeys(keyed.counts(), KEYED.counts(), Color.class, through + " field Map<Color, Integer>");
        assertKeys(keyed.byInt(), BY_INT, Integer.class, through + " field Map<Integer, String>");
        assertKeys(keyed.byLong(), BY_LONG, Long.class, through + " field Map<Long, Dto>");
        assertKeys(keyed.byId(), BY_ID, UUID.class, through + " field Map<UUID, String>");
        assertKeys(keyed.byColor(), KEYED.byColor(), Color.class, through + " field Map<Color, Dto>");
    }

    @SuppressWarnings("unchecked")
    private static void assertKeys(Object decoded, Map<?, ?> expected, Class<?> keyType, String what) {
        assertThat(decoded).as(what).isInstanceOf(Map.class);
        Map<Object, Object> map = (Map<Object, Object>) decoded;
        assertThat(map.keySet()).as("key classes of " + what + " " + map.keySet().stream().map(k -> k.getClass().getName()).toList())
                .allSatisfy(key -> assertThat(key).isInstanceOf(keyType));
        assertThat(map).as(what).containsExactlyInAnyOrderEntriesOf((Map<Object, Object>) expected);
    }

    private static MethodDescriptor onlyMethod(String name) {
        List<MethodDescriptor> found = METHODS.values().stream().filter(m -> m.name().equals(name)).toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> ordered(Object... keysAndValues) {
        Map<K, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((K) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }
}

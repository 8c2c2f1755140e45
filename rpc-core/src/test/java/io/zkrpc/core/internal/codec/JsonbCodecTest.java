package io.zkrpc.core.internal.codec;

import static com.alibaba.fastjson2.JSONB.Constants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.alibaba.fastjson2.JSONB;
import com.alibaba.fastjson2.JSONWriter;
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
 * JSONB at the codec: the same values as JSON arrive through it, and a hostile document (a length
 * or count that the sender announces, a class name, nesting) is refused before fastjson2 builds
 * anything, with the same codes as JSON's.
 */
class JsonbCodecTest {

    public interface Api {
        void dto(Dto dto);

        void values(Everything everything);

        void primitives(int i, long l, double d, boolean b);

        void list(List<Dto> dtos);

        void anything(Object value);

        Everything everything();

        Object untyped();

        Dto result();

        Color color();
    }

    /** Every kind of value a newcomer's API carries. */
    public record Everything(String text, Color color, LocalDateTime at, LocalDate day, LocalTime time, Date legacy, Instant instant,
            OffsetDateTime offset, ZonedDateTime zoned, BigDecimal amount, BigInteger big, byte[] bytes, char letter, UUID id,
            Map<String, List<Integer>> bins, List<Dto> dtos, long large, double ratio, float small,
            short tiny, Map<Color, Dto> byColor) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Everything that && Arrays.equals(bytes, that.bytes)
                    && toString().equals(that.toString());
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return String.join("|", text, String.valueOf(color), String.valueOf(at), String.valueOf(day), String.valueOf(time),
                    String.valueOf(legacy == null ? null : legacy.getTime()), String.valueOf(instant), String.valueOf(offset),
                    String.valueOf(zoned), String.valueOf(amount), String.valueOf(big), String.valueOf(letter), String.valueOf(id),
                    String.valueOf(bins == null ? null : new java.util.TreeMap<>(bins)), String.valueOf(dtos), String.valueOf(large), String.valueOf(ratio),
                    String.valueOf(small), String.valueOf(tiny), String.valueOf(byColor));
        }
    }

    /** A {@link Dto} whose every construction is counted: a payload naming it must never build one. */
    public static class Planted extends Dto {
        static final AtomicInteger BUILT = new AtomicInteger();

        public Planted() {
            BUILT.incrementAndGet();
        }
    }

    static final Everything EVERYTHING = new Everything("héllo \uD83D\uDE00", Color.GREEN,
            LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123_000_000), LocalDate.of(2024, 1, 2), LocalTime.of(23, 59, 58, 1000),
            new Date(1_709_214_307_123L), Instant.ofEpochSecond(1_700_000_000, 5), OffsetDateTime.of(2024, 2, 29, 13, 45, 7, 0,
                    ZoneOffset.ofHours(2)), ZonedDateTime.of(2024, 2, 29, 13, 45, 7, 0, ZoneId.of("Europe/Paris")),
            new BigDecimal("12345678901234567890.125"), new BigInteger("-123456789012345678901234567890"), new byte[] {1, -2, 3},
            'z', UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), ordered("b", List.of(1, 2), "a", List.of()),
            List.of(new Dto(1, "one"), new Dto(-70_000, null)), Long.MIN_VALUE, -0.1, 1.5f, (short) -300,
            Map.of(Color.RED, new Dto(2, "two")));

    private static final ServiceKey SERVICE = ServiceKey.of(Api.class, "", null);
    private static final Map<String, MethodDescriptor> METHODS = MethodDescriptor.forInterface(Api.class);
    private static final MethodResolver<MethodDescriptor> RESOLVER = new MethodResolver<>() {
        @Override
        public MethodDescriptor resolve(String serviceId, String name, List<String> types) {
            MethodDescriptor method = METHODS.get(MethodDescriptor.signature(name, types));
            if (!serviceId.equals(SERVICE.serviceId()) || method == null) {
                throw new RpcException(RpcErrorCode.UNKNOWN_METHOD, name + types);
            }
            return method;
        }

        @Override
        public MethodDescriptor method(MethodDescriptor target) {
            return target;
        }
    };

    private final Codec jsonb = Codec.JSONB_CODEC;
    private final Codec json = Codec.JSON_CODEC;

    @Test
    void everyKindOfValueArrivesAsThroughJson() {
        for (Codec codec : List.of(json, jsonb)) {
            Object[] decoded = roundTrip(codec, "values(" + Everything.class.getName() + ")", EVERYTHING);

            assertThat(decoded[0]).as("through %s", codec.contentType()).isEqualTo(EVERYTHING);
            Object result = codec.decodeResult(codec.encodeResult(EVERYTHING), method("everything()"), "the test");
            assertThat(result).as("result through %s", codec.contentType()).isEqualTo(EVERYTHING);
        }
    }

    @Test
    void primitivesAndAttachmentsAndTheDeadlineArrive() {
        MethodDescriptor method = method("primitives(int,long,double,boolean)");
        byte[] body = jsonb.encodeRequest(new Invocation(SERVICE, method, new Object[] {-5, (1L << 60) + 1, 0.1, true},
                Map.of("trace", "t-1")), 1500);

        DecodedRequest<MethodDescriptor> decoded = jsonb.decodeRequest(body, RequestLimits.DEFAULTS, RESOLVER);

        assertThat(decoded.arguments()).containsExactly(-5, (1L << 60) + 1, 0.1, true);
        assertThat(decoded.attachments()).containsEntry("trace", "t-1").containsEntry(JsonCodec.TIMEOUT_ATTACHMENT, "1500");
    }

    @Test
    void enumsTravelByNameNotByOrdinal() {
        byte[] body = jsonb.encodeResult(EVERYTHING);
        String latin = new String(body, StandardCharsets.ISO_8859_1);

        assertThat(latin).contains("GREEN").doesNotContain("java.time");
        assertThat(jsonb.decodeResult(jsonb.encodeResult(Color.GREEN), METHODS.get("color()"), "the test")).isEqualTo(Color.GREEN);
        assertThat(new String(jsonb.encodeResult(Color.GREEN), StandardCharsets.ISO_8859_1)).contains("GREEN");
    }

    @Test
    void noClassNameIsEverWrittenNotEvenForAValueDeclaredAsObject() {
        byte[] body = jsonb.encodeResult(List.of(new Planted(), Map.of("dto", new Dto(1, "one"))));
        String latin = new String(body, StandardCharsets.ISO_8859_1);

        assertThat(latin).doesNotContain("Planted").doesNotContain("Dto").doesNotContain("io.zkrpc");
        JsonbScanner.check(body, JsonbScanner.Bounds.REPLY); // no type marker where a value starts
    }

    @Test
    void anErrorWithPropertiesArrives() {
        RemoteError error = new RemoteError("SERVICE_EXCEPTION", "sold out", "com.example.SoldOut", Map.of("left", 3, "item", "apple"));

        RemoteError decoded = jsonb.decodeError(jsonb.encodeError(error));

        assertThat(decoded).isEqualTo(error);
        assertThat(jsonb.decodeError(json.encodeError(error))).as("JSON is not JSONB").isNull();
    }

    @Test
    void aTypeNameInAnArgumentIsRefusedAndTheClassNeverBuilt() {
        byte[] planted = JSONB.toBytes(new Planted(), JSONWriter.Feature.WriteClassName);
        Planted.BUILT.set(0);

        assertBadRequest(request("dto(" + Dto.class.getName() + ")", planted), "a type name");
        assertBadRequest(request("anything(java.lang.Object)", planted), "a type name");
        assertThat(Planted.BUILT).as("Planted objects built").hasValue(0);
    }

    @Test
    void aTypeNameInAResultIsRefusedAndTheClassNeverBuilt() {
        byte[] planted = JSONB.toBytes(new Planted(), JSONWriter.Feature.WriteClassName);
        Planted.BUILT.set(0);

        for (String signature : List.of("result()", "untyped()")) {
            assertThatThrownBy(() -> jsonb.decodeResult(planted, method(signature), "the test"))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.SERIALIZATION))
                    .hasMessageContaining("a type name");
        }
        assertThat(Planted.BUILT).hasValue(0);
    }

    @Test
    void aTypeKeyOrAReferenceIsRefused() {
        byte[] typeKey = concat(new byte[] {BC_OBJECT}, str("@type"), str(Planted.class.getName()), str("id"), new byte[] {1, BC_OBJECT_END});
        byte[] reference = concat(new byte[] {BC_OBJECT}, str("id"), new byte[] {BC_REFERENCE}, str("$"), new byte[] {BC_OBJECT_END});

        assertBadRequest(request("dto(" + Dto.class.getName() + ")", typeKey), "'@type'");
        assertBadRequest(request("dto(" + Dto.class.getName() + ")", reference), "a reference");
    }

    @Test
    void aHugeAnnouncedStringLengthIsRefusedWithoutAllocatingIt() {
        // A UTF-8 string announcing 2^31-1 bytes, followed by three.
        byte[] huge = concat(new byte[] {BC_STR_UTF8, BC_INT32, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, "abc".getBytes());
        byte[] body = request("anything(java.lang.Object)", huge);

        long allocated = allocatedBytes(() -> assertBadRequest(body, "a string longer than 1048576 bytes"));
        long allocatedForReply = allocatedBytes(() -> assertThatThrownBy(() -> jsonb.decodeResult(huge, method("untyped()"), "the test"))
                .hasMessageContaining("announcing 2147483647 bytes in 3"));

        assertThat(allocated).as("bytes allocated refusing the request").isLessThan(1 << 20);
        assertThat(allocatedForReply).as("bytes allocated refusing the reply").isLessThan(1 << 20);
    }

    @Test
    void aHugeAnnouncedArrayCountIsRefusedWithoutAllocatingIt() {
        byte[] huge = {BC_ARRAY, BC_INT32, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
        byte[] tooMany = concat(new byte[] {BC_ARRAY, BC_INT32, 0, 0x01, (byte) 0x86, (byte) 0xa1}, new byte[100_001]);

        long allocated = allocatedBytes(() -> assertBadRequest(request("list(java.util.List)", huge), "an array of more than 100000"));
        assertThatThrownBy(() -> jsonb.decodeResult(huge, method("untyped()"), "the test"))
                .hasMessageContaining("an array announcing 2147483647 elements in 3 bytes");
        assertBadRequest(request("list(java.util.List)", tooMany), "an array of more than 100000 elements");
        assertThat(allocated).isLessThan(1 << 20);
    }

    @Test
    void deepNestingIsRefusedAtTheRequestsDepthAndTheRepliesDepth() {
        byte[] deep = new byte[300];
        Arrays.fill(deep, 0, 299, (byte) (BC_ARRAY_FIX_MIN + 1));
        deep[299] = BC_NULL;

        assertBadRequest(request("anything(java.lang.Object)", deep), "nesting deeper than 64 levels");
        assertThatThrownBy(() -> jsonb.decodeResult(deep, method("untyped()"), "the test"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.SERIALIZATION))
                .hasMessageContaining("nesting deeper than 256 levels");
    }

    @Test
    void aLongBigIntegerAndAHugeScaleAreRefused() {
        byte[] big = concat(new byte[] {BC_BIGINT, BC_INT32_BYTE_ZERO + 1, 0}, new byte[256]);
        byte[] scaled = {BC_DECIMAL, BC_INT32, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1};

        assertBadRequest(request("anything(java.lang.Object)", big), "a big integer longer than 50 bytes");
        assertBadRequest(request("anything(java.lang.Object)", scaled), "a decimal scale");
    }

    @Test
    void aTruncatedDocumentTrailingBytesAndATwiceNamedFieldAreRefused() {
        byte[] whole = request("anything(java.lang.Object)", str("text"));

        assertBadRequest(Arrays.copyOf(whole, whole.length - 3), "a string announcing 4 bytes in 2");
        assertBadRequest(Arrays.copyOf(whole, whole.length - 1), "the document ends early");
        assertBadRequest(concat(whole, new byte[] {1}), "after the request object");
        byte[] twice = concat(Arrays.copyOf(whole, whole.length - 1), str("service"), str("x"), new byte[] {BC_OBJECT_END});
        assertBadRequest(twice, "the field 'service' twice");
    }

    @Test
    void anArgumentOfTheWrongShapeIsABadRequest() {
        byte[] text = str("5");

        assertBadRequest(request("primitives(int,long,double,boolean)", text, new byte[] {1}, new byte[] {BC_DOUBLE_NUM_0},
                new byte[] {BC_TRUE}), "argument 0 of primitives(int,long,double,boolean) does not fit its declared type");
        assertBadRequest(request("primitives(int,long,double,boolean)", new byte[] {1}, new byte[] {1}, new byte[] {BC_DOUBLE_NUM_0}),
                "takes 4 argument(s), the request has 3");
    }

    private Object[] roundTrip(Codec codec, String signature, Object... arguments) {
        byte[] body = codec.encodeRequest(new Invocation(SERVICE, method(signature), arguments, Map.of()), -1);
        return codec.decodeRequest(body, RequestLimits.DEFAULTS, RESOLVER).arguments();
    }

    private static MethodDescriptor method(String signature) {
        MethodDescriptor method = METHODS.get(signature);
        assertThat(method).as(signature).isNotNull();
        return method;
    }

    private void assertBadRequest(byte[] body, String message) {
        assertThatThrownBy(() -> jsonb.decodeRequest(body, RequestLimits.DEFAULTS, RESOLVER))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST))
                .hasMessageContaining(message);
    }

    /** A JSONB request for {@code signature} whose arguments are the given raw JSONB values. */
    static byte[] request(String signature, byte[]... arguments) {
        String name = signature.substring(0, signature.indexOf('('));
        String inside = signature.substring(signature.indexOf('(') + 1, signature.length() - 1);
        List<String> types = inside.isEmpty() ? List.of() : List.of(inside.split(","));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(BC_OBJECT);
        out.writeBytes(str("service"));
        out.writeBytes(str(SERVICE.serviceId()));
        out.writeBytes(str("method"));
        out.writeBytes(str(name));
        out.writeBytes(str("parameterTypes"));
        out.write(BC_ARRAY_FIX_MIN + types.size());
        types.forEach(type -> out.writeBytes(str(type)));
        out.writeBytes(str("args"));
        out.write(BC_ARRAY_FIX_MIN + arguments.length);
        for (byte[] argument : arguments) {
            out.writeBytes(argument);
        }
        out.write(BC_OBJECT_END);
        return out.toByteArray();
    }

    /** A string as fastjson2 writes it. */
    static byte[] str(String text) {
        return JSONB.toBytes(text);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static long allocatedBytes(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static <K, V> Map<K, V> ordered(K k1, V v1, K k2, V v2) {
        Map<K, V> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}

package io.zkrpc.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.testsupport.Color;
import io.zkrpc.core.testsupport.Dto;
import io.zkrpc.core.testsupport.Point;

class JsonCodecTest {

    public interface CodecApi {
        void list(List<Dto> dtos);

        void map(Map<String, Dto> dtos);

        void arrays(int[] numbers, Dto[] dtos);

        void primitives(int i, long l, double d, boolean b);

        void nullable(String text, Dto dto);

        void values(Point point, Color color);

        void time(LocalDateTime at, BigDecimal amount);

        List<Dto> all();

        Color color();

        Map<String, Integer> ranking();

        Stamped stamped();
    }

    /** Dates and times of each kind a newcomer's API carries. */
    public record Stamped(LocalDateTime at, LocalDate day, Date legacy, Instant instant, OffsetDateTime offset,
            ZonedDateTime zoned) {
    }

    private static final ServiceKey SERVICE = ServiceKey.of(CodecApi.class, "1.0", null);
    private static final Map<String, MethodDescriptor> METHODS = MethodDescriptor.forInterface(CodecApi.class);

    /** What the test resolver resolves a request to: the service it named and the method found. */
    private record Resolved(String serviceId, MethodDescriptor method) {
    }

    private static final MethodResolver<Resolved> RESOLVER = new MethodResolver<>() {
        @Override
        public Resolved resolve(String serviceId, String name, List<String> types) {
            if (!serviceId.equals(SERVICE.serviceId())) {
                throw new RpcException(RpcErrorCode.UNKNOWN_SERVICE, serviceId);
            }
            MethodDescriptor method = METHODS.get(MethodDescriptor.signature(name, types));
            if (method == null) {
                throw new RpcException(RpcErrorCode.UNKNOWN_METHOD, name + types);
            }
            return new Resolved(serviceId, method);
        }

        @Override
        public MethodDescriptor method(Resolved target) {
            return target.method();
        }
    };

    private final JsonCodec codec = new JsonCodec();

    @Test
    void listArgumentKeepsItsElementType() {
        List<Dto> dtos = List.of(new Dto(1, "one"), new Dto(2, "two"));

        Object[] decoded = roundTrip("list(java.util.List)", dtos);

        assertThat(decoded[0]).asInstanceOf(LIST).hasOnlyElementsOfType(Dto.class).isEqualTo(dtos);
    }

    @Test
    void mapArgumentKeepsItsValueType() {
        Map<String, Dto> dtos = new LinkedHashMap<>();
        dtos.put("a", new Dto(1, "one"));
        dtos.put("b", new Dto(2, "two"));

        Object[] decoded = roundTrip("map(java.util.Map)", dtos);

        assertThat(decoded[0]).asInstanceOf(MAP).isEqualTo(dtos);
        assertThat(((Map<?, ?>) decoded[0]).values()).hasOnlyElementsOfType(Dto.class);
    }

    @Test
    void arrayArgumentsKeepTheirComponentTypes() {
        Object[] decoded = roundTrip("arrays(int[],io.zkrpc.core.testsupport.Dto[])",
                new int[] {3, 1, 2}, new Dto[] {new Dto(7, "seven")});

        assertThat(decoded[0]).isInstanceOf(int[].class);
        assertThat((int[]) decoded[0]).containsExactly(3, 1, 2);
        assertThat(decoded[1]).isInstanceOf(Dto[].class);
        assertThat((Dto[]) decoded[1]).containsExactly(new Dto(7, "seven"));
    }

    @Test
    void primitiveArgumentsKeepTheirValues() {
        long beyondDoublePrecision = (1L << 60) + 1;

        Object[] decoded = roundTrip("primitives(int,long,double,boolean)", -5, beyondDoublePrecision, 0.1, true);

        assertThat(decoded).containsExactly(-5, beyondDoublePrecision, 0.1, true);
    }

    @Test
    void nullArgumentsStayNull() {
        Object[] decoded = roundTrip("nullable(java.lang.String,io.zkrpc.core.testsupport.Dto)", null, null);

        assertThat(decoded).containsExactly(null, null);
    }

    @Test
    void recordAndEnumArgumentsRoundTrip() {
        Object[] decoded = roundTrip("values(io.zkrpc.core.testsupport.Point,io.zkrpc.core.testsupport.Color)",
                new Point(3, -4, "corner"), Color.GREEN);

        assertThat(decoded).containsExactly(new Point(3, -4, "corner"), Color.GREEN);
    }

    @Test
    void dateTimeKeepsNanosAndDecimalKeepsItsScale() {
        LocalDateTime at = LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_789);
        BigDecimal amount = new BigDecimal("12.3400");

        Object[] decoded = roundTrip("time(java.time.LocalDateTime,java.math.BigDecimal)", at, amount);

        assertThat(decoded[0]).isEqualTo(at);
        assertThat(decoded[1]).isInstanceOf(BigDecimal.class);
        assertThat(((BigDecimal) decoded[1]).scale()).isEqualTo(4);
        assertThat(decoded[1]).isEqualTo(amount);
    }

    @Test
    void attachmentsTravelWithTheRequest() {
        Invocation invocation = new Invocation(SERVICE, METHODS.get("all()"), null, Map.of("trace", "t-42", "gray", "true"));

        DecodedRequest<Resolved> decoded = codec.decodeRequest(codec.encodeRequest(invocation), RESOLVER);

        assertThat(decoded.target().serviceId()).isEqualTo("io.zkrpc.core.internal.codec.JsonCodecTest$CodecApi:1.0");
        assertThat(decoded.target().method()).isSameAs(METHODS.get("all()"));
        assertThat(decoded.attachments()).containsExactlyInAnyOrderEntriesOf(Map.of("trace", "t-42", "gray", "true"));
    }

    @Test
    void resultDecodesAsTheGenericReturnType() {
        List<Dto> all = List.of(new Dto(1, "one"), new Dto(2, "two"));

        Object decoded = codec.decodeResult(codec.encodeResult(all), METHODS.get("all()"));

        assertThat(decoded).asInstanceOf(LIST).hasOnlyElementsOfType(Dto.class).isEqualTo(all);
    }

    @Test
    void argumentsBeforeServiceAndMethodStillDecodeToTheDeclaredTypes() {
        String json = """
                {"args":[[{"id":1,"name":"one"}]],
                 "service":"io.zkrpc.core.internal.codec.JsonCodecTest$CodecApi:1.0",
                 "method":"list",
                 "parameterTypes":["java.util.List"]}
                """;

        DecodedRequest<Resolved> decoded = codec.decodeRequest(utf8(json), RESOLVER);

        assertThat(decoded.target().method()).isSameAs(METHODS.get("list(java.util.List)"));
        assertThat(decoded.arguments()[0]).asInstanceOf(LIST).containsExactly(new Dto(1, "one"));
    }

    @Test
    void bodyThatIsNotJsonIsABadRequest() {
        assertThatThrownBy(() -> codec.decodeRequest(utf8("this is not json"), RESOLVER))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST));
    }

    @Test
    void truncatedJsonIsABadRequest() {
        String json = "{\"service\":\"io.zkrpc.core.internal.codec.JsonCodecTest$CodecApi:1.0\",\"method\":\"list\",\"parameterTypes\":[\"java.u";

        assertThatThrownBy(() -> codec.decodeRequest(utf8(json), RESOLVER))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST));
    }

    @Test
    void tooFewArgumentsIsABadRequest() {
        String json = """
                {"service":"io.zkrpc.core.internal.codec.JsonCodecTest$CodecApi:1.0","method":"nullable",
                 "parameterTypes":["java.lang.String","io.zkrpc.core.testsupport.Dto"],"args":["only one"]}
                """;

        assertThatThrownBy(() -> codec.decodeRequest(utf8(json), RESOLVER))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST))
                .hasMessageContaining("takes 2 argument(s)");
    }

    @Test
    void tooManyArgumentsIsABadRequest() {
        String json = """
                {"service":"io.zkrpc.core.internal.codec.JsonCodecTest$CodecApi:1.0","method":"all",
                 "parameterTypes":[],"args":["surplus"]}
                """;

        assertThatThrownBy(() -> codec.decodeRequest(utf8(json), RESOLVER))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST));
    }

    @Test
    void argumentOfTheWrongShapeIsABadRequest() {
        String json = """
                {"service":"io.zkrpc.core.internal.codec.JsonCodecTest$CodecApi:1.0","method":"list",
                 "parameterTypes":["java.util.List"],"args":["not a list"]}
                """;

        assertThatThrownBy(() -> codec.decodeRequest(utf8(json), RESOLVER))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST));
    }

    @Test
    void datesAndTimesAreIso8601OnTheWireAndReadBack() {
        LocalDateTime at = LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123_000_000);
        Stamped stamped = new Stamped(at, at.toLocalDate(), Date.from(at.toInstant(ZoneOffset.UTC)), at.toInstant(ZoneOffset.UTC),
                at.atOffset(ZoneOffset.ofHours(2)), at.atZone(ZoneId.of("Europe/Paris")));

        byte[] body = codec.encodeResult(stamped);

        assertThat(new String(body, StandardCharsets.UTF_8))
                .contains("\"at\":\"2024-02-29T13:45:07.123\"")
                .contains("\"day\":\"2024-02-29\"")
                .contains("\"legacy\":\"2024-02-29T13:45:07.123Z\"")
                .contains("\"instant\":\"2024-02-29T13:45:07.123Z\"")
                .contains("\"offset\":\"2024-02-29T13:45:07.123+02:00\"")
                .contains("\"zoned\":\"2024-02-29T13:45:07.123+01:00[Europe/Paris]\"");
        assertThat(codec.decodeResult(body, METHODS.get("stamped()"))).isEqualTo(stamped);
    }

    @Test
    void aLocalDateTimeArgumentIsIso8601OnTheWire() {
        LocalDateTime at = LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123_000_000);
        MethodDescriptor method = METHODS.get("time(java.time.LocalDateTime,java.math.BigDecimal)");

        byte[] body = codec.encodeRequest(new Invocation(SERVICE, method, new Object[] {at, BigDecimal.ONE}, Map.of()));

        assertThat(new String(body, StandardCharsets.UTF_8)).contains("\"args\":[\"2024-02-29T13:45:07.123\",1]");
        assertThat(codec.decodeRequest(body, RESOLVER).arguments()).containsExactly(at, BigDecimal.ONE);
    }

    @Test
    void anEnumConstantUnknownHereFailsNamingTheTypeAndTheValue() {
        assertThatThrownBy(() -> codec.decodeResult(utf8("\"PURPLE\""), METHODS.get("color()")))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.SERIALIZATION))
                .hasMessageContaining("enum io.zkrpc.core.testsupport.Color has no constant PURPLE");
    }

    @Test
    void anEnumArgumentUnknownToTheProviderIsABadRequestNamingTheTypeAndTheValue() {
        String json = """
                {"service":"io.zkrpc.core.internal.codec.JsonCodecTest$CodecApi:1.0","method":"values",
                 "parameterTypes":["io.zkrpc.core.testsupport.Point","io.zkrpc.core.testsupport.Color"],"args":[null,"PURPLE"]}
                """;

        assertThatThrownBy(() -> codec.decodeRequest(utf8(json), RESOLVER))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST))
                .hasMessageContaining("enum io.zkrpc.core.testsupport.Color has no constant PURPLE");
    }

    @Test
    void aMapResultKeepsItsOrder() {
        Map<String, Integer> ranking = new LinkedHashMap<>();
        for (String name : List.of("zoe", "adam", "mia", "bob", "kai", "eve", "lou", "ann", "tom", "ida", "max", "cy", "jo", "al")) {
            ranking.put(name, ranking.size());
        }

        Object decoded = codec.decodeResult(codec.encodeResult(ranking), METHODS.get("ranking()"));

        assertThat(decoded).asInstanceOf(MAP).containsExactlyEntriesOf(ranking);
    }

    private Object[] roundTrip(String signature, Object... arguments) {
        MethodDescriptor method = METHODS.get(signature);
        assertThat(method).as("method %s", signature).isNotNull();
        byte[] body = codec.encodeRequest(new Invocation(SERVICE, method, arguments, Map.of()));

        DecodedRequest<Resolved> decoded = codec.decodeRequest(body, RESOLVER);

        assertThat(decoded.target().method()).isSameAs(method);
        return decoded.arguments();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

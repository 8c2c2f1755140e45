package io.zkrpc.core.consumer;

import static com.alibaba.fastjson2.JSONB.Constants.BC_ARRAY_FIX_MIN;
import static com.alibaba.fastjson2.JSONB.Constants.BC_INT32;
import static com.alibaba.fastjson2.JSONB.Constants.BC_NULL;
import static com.alibaba.fastjson2.JSONB.Constants.BC_STR_UTF8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.alibaba.fastjson2.JSONB;
import com.alibaba.fastjson2.JSONWriter;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.internal.codec.Codec;
import io.zkrpc.core.internal.codec.RemoteError;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.testsupport.Color;
import io.zkrpc.core.testsupport.Dto;

/**
 * The JSONB codec over real HTTP on 127.0.0.1: a JSON consumer and a JSONB consumer call the same
 * provider and get the same values; the provider answers each in its own codec, refuses a content
 * type it does not read with 415, and hostile JSONB in either direction fails precisely.
 */
class JsonbEndToEndTest {

    /** A page of anything: generics the signature fixes. */
    public record Page<T>(List<T> items, int total) {
    }

    /** A representative DTO: dates of each kind, an enum, maps, a nested generic list, a decimal. */
    public record Shipment(String id, Color color, LocalDateTime at, LocalDate day, Date legacy, Instant instant, ZonedDateTime zoned,
            BigDecimal amount, Map<String, List<Integer>> bins, Page<Dto> page) {
    }

    public interface Shipping {
        Shipment echo(Shipment shipment);

        Page<Shipment> page(List<Shipment> shipments, Map<String, Color> colors);

        int reserve(String item, int quantity) throws SoldOutException;
    }

    /** A {@link Dto} whose constructions are counted: a reply naming it must never build one. */
    public static class Planted extends Dto {
        static final AtomicInteger BUILT = new AtomicInteger();

        public Planted() {
            BUILT.incrementAndGet();
        }
    }

    static final Shipment SHIPMENT = new Shipment("s-1", Color.GREEN, LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123_000_000),
            LocalDate.of(2024, 3, 1), new Date(1_709_214_307_123L), Instant.ofEpochSecond(1_700_000_000, 5),
            ZonedDateTime.of(2024, 2, 29, 13, 45, 7, 0, ZoneId.of("Europe/Paris")), new BigDecimal("-12.50"),
            Map.of("x", List.of(1, 2, 3)), new Page<>(List.of(new Dto(1, "one")), 1));

    private final StaticRegistryCenter registry = new StaticRegistryCenter();
    /** The content types each client sent and received, as "request -> reply". */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private RpcServer server;
    private RpcClient jsonClient;
    private RpcClient jsonbClient;
    private HttpServer fake;

    @BeforeEach
    void start() throws Exception {
        server = RpcServer.builder().registry(registry).build().export(Shipping.class, new ShippingImpl(), "").start();
        jsonClient = client("json");
        jsonbClient = client("jsonb");
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.start();
    }

    private RpcClient client(String codec) {
        return RpcClient.builder().registry(registry).codec(codec).httpCustomizer(http -> http.addNetworkInterceptor(chain -> {
            okhttp3.Response response = chain.proceed(chain.request());
            seen.add(codec + ": " + chain.request().header("Content-Type") + " -> " + response.header("Content-Type"));
            return response;
        })).build();
    }

    @AfterEach
    void stop() {
        fake.stop(0);
        jsonClient.close();
        jsonbClient.close();
        server.close();
    }

    @Test
    void aJsonAndAJsonbConsumerGetTheSameValuesFromTheSameProviderEachInItsCodec() {
        Shipping json = jsonClient.reference(Shipping.class);
        Shipping jsonb = jsonbClient.reference(Shipping.class);
        Map<String, Color> colors = new LinkedHashMap<>();
        colors.put("b", Color.RED);
        colors.put("a", Color.GREEN);

        assertThat(jsonb.echo(SHIPMENT)).usingRecursiveComparison().isEqualTo(SHIPMENT).isEqualTo(json.echo(SHIPMENT));
        Page<Shipment> page = jsonb.page(List.of(SHIPMENT, SHIPMENT), colors);
        assertThat(page).usingRecursiveComparison().isEqualTo(json.page(List.of(SHIPMENT, SHIPMENT), colors));
        assertThat(page.items()).hasOnlyElementsOfType(Shipment.class).hasSize(2);
        assertThat(page.total()).as("the map's order, seen by the provider").isEqualTo(ShippingImpl.firstKeyIsB(colors) ? 2 : -1);
        assertThat(seen).containsExactlyInAnyOrder("json: application/json -> application/json",
                "jsonb: application/x-zkrpc-jsonb -> application/x-zkrpc-jsonb");
    }

    @Test
    void aDeclaredExceptionWithFieldsArrivesAsItselfThroughJsonb() {
        Shipping jsonb = jsonbClient.reference(Shipping.class);

        assertThatThrownBy(() -> jsonb.reserve("apple", 5)).isExactlyInstanceOf(SoldOutException.class)
                .hasMessage("apple: only 3 left")
                .satisfies(e -> assertThat(((SoldOutException) e).getLimit()).isEqualTo(3));
        assertThat(seen).containsExactly("jsonb: application/x-zkrpc-jsonb -> application/x-zkrpc-jsonb");
    }

    @Test
    void anUnknownContentTypeIsAnswered415NamingTheTypesTheProviderReads() throws Exception {
        HttpResponse<String> answer = post("application/x-protobuf", new byte[] {1, 2});

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).contains("UNSUPPORTED_MEDIA_TYPE")
                .contains("The content type must be application/json or application/x-zkrpc-jsonb, not 'application/x-protobuf'");
    }

    @Test
    void aJsonbConsumerCallingAProviderThatReadsOnlyJsonFailsWithUnsupportedMediaTypeSayingWhatToDo() {
        // What a provider older than the JSONB codec answers.
        fake.createContext("/old", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"code\":\"UNSUPPORTED_MEDIA_TYPE\",\"message\":\"The content type must be application/json\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(415, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });

        assertThatThrownBy(() -> fake(jsonbClient, "old").echo(SHIPMENT))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.UNSUPPORTED_MEDIA_TYPE))
                .hasMessageContaining("refused the content type application/x-zkrpc-jsonb")
                .hasMessageContaining("The content type must be application/json")
                .hasMessageContaining("upgrade the provider or set zkrpc.consumer.codec=json");
    }

    @Test
    void hostileJsonbRequestsAreBadRequestsAnsweredInJsonbAndTheProviderKeepsServing() throws Exception {
        byte[] hugeString = request(new byte[] {BC_STR_UTF8, BC_INT32, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a'});
        byte[] deep = new byte[200];
        Arrays.fill(deep, (byte) (BC_ARRAY_FIX_MIN + 1));
        deep[199] = BC_NULL;
        byte[] typed = request(JSONB.toBytes(new Planted(), JSONWriter.Feature.WriteClassName));
        Planted.BUILT.set(0);

        for (byte[] hostile : List.of(hugeString, request(deep), typed, new byte[] {1, 2, 3})) {
            HttpResponse<byte[]> answer = postBytes(hostile);

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-zkrpc-jsonb");
            RemoteError error = Codec.JSONB_CODEC.decodeError(answer.body());
            assertThat(error.code()).isEqualTo("BAD_REQUEST");
            assertThat(error.message()).contains("Malformed request:");
        }
        assertThat(Planted.BUILT).as("Planted objects built").hasValue(0);
        assertThat(jsonbClient.reference(Shipping.class).echo(SHIPMENT)).usingRecursiveComparison().isEqualTo(SHIPMENT);
    }

    @Test
    void hostileJsonbRepliesFailWithSerializationAndNeverBuildANamedClass() {
        Planted.BUILT.set(0);
        Map<String, byte[]> replies = Map.of(
                "huge", new byte[] {BC_STR_UTF8, BC_INT32, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a'},
                "deep", deep(400),
                "typed", typedShipment(),
                "garbage", new byte[] {(byte) 0x90, (byte) 0x91});
        Planted.BUILT.set(0);
        replies.forEach((path, body) -> fake.createContext("/" + path, exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/x-zkrpc-jsonb");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }));

        for (String path : replies.keySet()) {
            assertThatThrownBy(() -> fake(jsonbClient, path).echo(SHIPMENT)).as(path)
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.SERIALIZATION))
                    .hasMessageContaining("Cannot decode the result of");
        }
        assertThatThrownBy(() -> fake(jsonClient, "typed").echo(SHIPMENT)).as("a JSON consumer reads the reply's codec")
                .hasMessageContaining("a type name");
        assertThat(Planted.BUILT).as("Planted objects built").hasValue(0);
    }

    private static byte[] deep(int levels) {
        byte[] deep = new byte[levels];
        Arrays.fill(deep, (byte) (BC_ARRAY_FIX_MIN + 1));
        deep[levels - 1] = BC_NULL;
        return deep;
    }

    /** A shipment whose page holds a Planted, its class named. */
    private static byte[] typedShipment() {
        Map<String, Object> shipment = new LinkedHashMap<>();
        shipment.put("id", "s-1");
        shipment.put("page", Map.of("items", List.of(new Planted()), "total", 1));
        return JSONB.toBytes(shipment, JSONWriter.Feature.WriteClassName);
    }

    private Shipping fake(RpcClient client, String path) {
        String version = path;
        registry.register(ServiceKey.of(Shipping.class, version, null), Instance.http("127.0.0.1", fake.getAddress().getPort(), "/" + path));
        return client.reference(new ReferenceConfig<>(Shipping.class, version, "", PolicyOverrides.NONE, Map.of()));
    }

    /** A JSONB request for {@code echo(Shipment)} with a raw argument. */
    private static byte[] request(byte[] argument) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(com.alibaba.fastjson2.JSONB.Constants.BC_OBJECT);
        out.writeBytes(JSONB.toBytes("service"));
        out.writeBytes(JSONB.toBytes(Shipping.class.getName()));
        out.writeBytes(JSONB.toBytes("method"));
        out.writeBytes(JSONB.toBytes("echo"));
        out.writeBytes(JSONB.toBytes("parameterTypes"));
        out.write(BC_ARRAY_FIX_MIN + 1);
        out.writeBytes(JSONB.toBytes(Shipment.class.getName()));
        out.writeBytes(JSONB.toBytes("args"));
        out.write(BC_ARRAY_FIX_MIN + 1);
        out.writeBytes(argument);
        out.write(com.alibaba.fastjson2.JSONB.Constants.BC_OBJECT_END);
        return out.toByteArray();
    }

    private HttpResponse<String> post(String contentType, byte[] body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request(contentType, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> postBytes(byte[] body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request("application/x-zkrpc-jsonb", body), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest request(String contentType, byte[] body) {
        URI uri = URI.create("http://127.0.0.1:" + server.instance().port() + server.instance().path());
        return HttpRequest.newBuilder(uri).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static final class ShippingImpl implements Shipping {
        @Override
        public Shipment echo(Shipment shipment) {
            return shipment;
        }

        @Override
        public Page<Shipment> page(List<Shipment> shipments, Map<String, Color> colors) {
            return new Page<>(shipments, firstKeyIsB(colors) ? shipments.size() : -1);
        }

        static boolean firstKeyIsB(Map<String, Color> colors) {
            return colors.keySet().iterator().next().equals("b");
        }

        @Override
        public int reserve(String item, int quantity) throws SoldOutException {
            throw new SoldOutException(item, 3, LocalDateTime.of(2024, 2, 29, 13, 45, 7));
        }
    }
}

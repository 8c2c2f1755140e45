package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.testsupport.Color;
import io.zkrpc.core.testsupport.ForeignFailure;
import io.zkrpc.core.testsupport.RawHttp;

/**
 * What a newcomer's API carries arrives whole, over real HTTP on 127.0.0.1: a declared exception
 * with fields and no {@code (String)} constructor, a map in its order, ISO-8601 dates, and a clear
 * failure for an enum constant the consumer does not know.
 */
class WireFidelityEndToEndTest {

    private static final LocalDateTime RESTOCK = LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123_000_000);

    /** A newer provider's enum has a constant this consumer's lacks: the filter answers with it. */
    private enum NewerColor { PURPLE }

    private final StaticRegistryCenter registry = new StaticRegistryCenter();
    private RpcServer server;
    private RpcClient client;
    private StockService stock;

    @BeforeEach
    void start() throws Exception {
        server = RpcServer.builder().registry(registry)
                .filter(chain -> chain.invocation().method().name().equals("colour") ? NewerColor.PURPLE : chain.proceed(chain.invocation()))
                .build().export(StockService.class, new Stock(), "").start();
        client = RpcClient.builder().registry(registry).build();
        stock = client.reference(StockService.class);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void declaredExceptionWithFieldsAndNoStringConstructorArrivesAsItselfWithItsFields() {
        assertThatThrownBy(() -> stock.reserve("apple", 5))
                .isExactlyInstanceOf(SoldOutException.class)
                .hasMessage("apple: only 3 left")
                .satisfies(e -> {
                    SoldOutException soldOut = (SoldOutException) e;
                    assertThat(soldOut.getItem()).isEqualTo("apple");
                    assertThat(soldOut.getLimit()).isEqualTo(3);
                    assertThat(soldOut.getRestock()).isEqualTo(RESTOCK);
                });
    }

    @Test
    void declaredExceptionThatCannotBeRebuiltSaysWhy() {
        assertThatThrownBy(stock::inspect)
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.SERVICE_EXCEPTION);
                    assertThat(e.remoteType()).isEqualTo(TamperedException.class.getName());
                })
                .hasMessageContaining("tampered: forged seal")
                .hasMessageContaining("not rebuilt as " + TamperedException.class.getName()
                        + ": no public constructor takes its properties [] or its message");
    }

    @Test
    void exceptionWithAnOverriddenMessageAndAComputedGetterStillArrivesAsItself() throws Exception {
        assertThatThrownBy(stock::recount)
                .isExactlyInstanceOf(RecountedException.class)
                .hasMessage("apple recounted: 7")
                .satisfies(e -> assertThat(((RecountedException) e).getCounted()).isEqualTo(7));
        assertThat(call("recount").body()).endsWith("\"properties\":{\"counted\":7,\"item\":\"apple\",\"summary\":\"apple=7\"}}");
    }

    @Test
    void gettersOfThrowablesClassesFramesStreamsAndReflectionAndThoseThatThrowAreNeverSent() throws Exception {
        RawHttp.Answer answer = call("leak");

        assertThat(answer.status()).isEqualTo(RpcErrorCode.SERVICE_EXCEPTION.httpStatus());
        assertThat(answer.body())
                .endsWith("\"message\":\"leaky apple\",\"properties\":{\"incident\":{\"id\":\"INC-1\"},\"item\":\"apple\"}}")
                .doesNotContain("StackTrace").doesNotContain("stackTrace").doesNotContain("lineNumber")
                .doesNotContain("rootCause").doesNotContain("history").doesNotContain("origin").doesNotContain("frame")
                .doesNotContain("causes").doesNotContain("secret body").doesNotContain("handler").doesNotContain("lazy");
        assertThat(LeakyException.BODIES_OPENED).hasValue(0);
        assertThatThrownBy(stock::leak).isExactlyInstanceOf(LeakyException.class).hasMessage("leaky apple");
    }

    @Test
    void propertiesOverTheCapAreNotSentButTheMessageIs() throws Exception {
        RawHttp.Answer answer = call("bulk");

        assertThat(answer.body())
                .isEqualTo("{\"code\":\"SERVICE_EXCEPTION\",\"exceptionType\":\"" + BulkyException.class.getName()
                        + "\",\"message\":\"bulky apple\"}");
    }

    @Test
    void undeclaredExceptionOfAnotherPackageSendsNoProperties() throws Exception {
        assertThat(call("foreign").body())
                .isEqualTo("{\"code\":\"SERVICE_EXCEPTION\",\"exceptionType\":\"" + ForeignFailure.class.getName()
                        + "\",\"message\":\"foreign apple\"}");
        assertThat(call("foreignDeclared").body()).contains("\"properties\":{\"item\":\"apple\"}");
    }

    @Test
    void mapArrivesInItsOrder() {
        assertThat(stock.ranking()).containsExactlyEntriesOf(Stock.expectedRanking());
    }

    @Test
    void datesArriveAndTravelAsIso8601() throws Exception {
        assertThat(stock.counted()).isEqualTo(Stock.expectedCount());

        String body = "{\"service\":\"" + StockService.class.getName() + "\",\"method\":\"counted\",\"parameterTypes\":[],\"args\":[]}";
        RawHttp.Answer answer = RawHttp.post(server.instance().port(), server.instance().path(),
                Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"at\":\"2024-02-29T13:45:07.123\",\"legacy\":\"2024-02-29T13:45:07.123Z\"}");
    }

    private RawHttp.Answer call(String method) throws Exception {
        String body = "{\"service\":\"" + StockService.class.getName() + "\",\"method\":\"" + method + "\",\"parameterTypes\":[],\"args\":[]}";
        return RawHttp.post(server.instance().port(), server.instance().path(),
                Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void enumConstantUnknownToTheConsumerFailsNamingTheTypeAndTheValue() {
        assertThatThrownBy(stock::colour)
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.SERIALIZATION))
                .hasMessageContaining("enum " + Color.class.getName() + " has no constant PURPLE");
    }

    private static final class Stock implements StockService {

        static Map<String, Integer> expectedRanking() {
            Map<String, Integer> ranking = new LinkedHashMap<>();
            for (String item : List.of("plum", "apple", "kiwi", "fig", "date", "lime", "pear", "yuzu", "cherry", "banana", "quince", "lemon")) {
                ranking.put(item, ranking.size() + 1);
            }
            return ranking;
        }

        static Counted expectedCount() {
            return new Counted(RESTOCK, Date.from(RESTOCK.toInstant(ZoneOffset.UTC)));
        }

        @Override
        public int reserve(String item, int quantity) throws SoldOutException {
            if (quantity > 3) {
                throw new SoldOutException(item, 3, RESTOCK);
            }
            return quantity;
        }

        @Override
        public void inspect() throws TamperedException {
            throw new TamperedException(new StringBuilder("forged seal"));
        }

        @Override
        public void recount() throws RecountedException {
            throw new RecountedException("apple", 7);
        }

        @Override
        public void leak() throws LeakyException {
            throw new LeakyException("apple", new IllegalStateException("connection refused"));
        }

        @Override
        public void bulk() throws BulkyException {
            throw new BulkyException("apple", "x".repeat(9 * 1024));
        }

        @Override
        public void foreign() {
            throw new ForeignFailure("apple");
        }

        @Override
        public void foreignDeclared() {
            throw new ForeignFailure("apple");
        }

        @Override
        public Map<String, Integer> ranking() {
            return expectedRanking();
        }

        @Override
        public Counted counted() {
            return expectedCount();
        }

        @Override
        public Color colour() {
            return Color.RED;
        }
    }
}

package io.zkrpc.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.testsupport.Dto;
import io.zkrpc.core.testsupport.RawHttp;
import io.zkrpc.core.testsupport.RawHttp.Answer;

/**
 * Issue 10, part 7 (provider side): thousands of hostile requests at a running provider, valid calls
 * in between. Each hostile one must get a 4xx with a short reply; valid calls must keep working;
 * at the end every worker thread must be free again, and heap and threads back near their levels.
 * Deterministic: one seeded {@link Random} makes every body.
 */
class ProviderFuzzTest {

    public interface Target {
        int add(int a, int b);

        String echo(String text);

        int size(List<Dto> dtos);

        Object any(Object value);

        /** Returns once every worker thread of the server runs it: proof that none is stuck. */
        int rendezvous();
    }

    private static final int THREADS = 8;
    private static final int HOSTILE = 3_000;
    private static final int MAX_REQUEST_SIZE = 1024 * 1024;
    private static final String PATH = "/zkrpc";
    private static final String SERVICE = Target.class.getName();
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final RequestLimits LIMITS = new RequestLimits(32, 100, 64 * 1024, 10_000, 16,
            Duration.ofMillis(1_500), 1024, Duration.ofMillis(500));

    private final CyclicBarrier barrier = new CyclicBarrier(THREADS);
    private final Random random = new Random(20_261_202L);
    private final ExecutorService clients = Executors.newFixedThreadPool(THREADS);
    private RpcServer server;
    private int port;

    private final class TargetImpl implements Target {
        @Override
        public int add(int a, int b) {
            return a + b;
        }

        @Override
        public String echo(String text) {
            return text;
        }

        @Override
        public int size(List<Dto> dtos) {
            for (Dto dto : dtos) {
                if (dto.getClass() != Dto.class) {
                    throw new IllegalStateException("not a Dto");
                }
            }
            return dtos.size();
        }

        @Override
        public Object any(Object value) {
            return value;
        }

        @Override
        public int rendezvous() {
            try {
                return barrier.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("not every worker thread is free", e);
            }
        }
    }

    @AfterEach
    void close() {
        clients.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void hostileRequestsGetA4xxAndLeaveTheProviderAsItWas() throws Exception {
        server = RpcServer.builder().registry(new StaticRegistryCenter()).threads(THREADS).maxRequestSize(MAX_REQUEST_SIZE)
                .limits(LIMITS).build().export(Target.class, new TargetImpl(), "").start();
        port = server.instance().port();
        for (int i = 0; i < 50; i++) {
            validCall();
        }
        allWorkersFree();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        int threadsBefore = threads.getThreadCount();
        long heapBefore = usedHeapAfterGc(memory);

        List<Future<String>> slow = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int valid = 0;
        for (int i = 0; i < HOSTILE; i++) {
            if (i % 500 == 0) {
                // Slow bodies alongside, two at a time, each holding a worker until its deadline.
                for (int s = 0; s < 2; s++) {
                    slow.add(clients.submit(this::slowBody));
                }
            }
            if (i % 10 == 0) {
                validCall();
                valid++;
            }
            Hostile hostile = hostile();
            String problem;
            try {
                problem = problem(RawHttp.post(port, PATH, hostile.headers(), hostile.body()));
            } catch (java.io.IOException e) {
                problem = e.toString();
            }
            if (problem != null) {
                failures.add("#" + i + " " + hostile.kind() + ": " + problem);
            }
        }
        for (Future<String> future : slow) {
            String problem = future.get(30, TimeUnit.SECONDS);
            if (problem != null) {
                failures.add("slow body: " + problem);
            }
        }

        assertThat(failures).as("hostile requests not answered with a short 4xx").isEmpty();
        assertThat(valid).isGreaterThanOrEqualTo(HOSTILE / 10);
        validCall();
        allWorkersFree();
        assertThat(server.dispatcher().inFlight()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(threads.getThreadCount()).isLessThanOrEqualTo(threadsBefore + 2);
            assertThat(usedHeapAfterGc(memory)).isLessThan(heapBefore + 32 * 1024 * 1024);
        });
    }

    /** What is wrong with the answer to a hostile request, or {@code null}. */
    private static String problem(Answer answer) {
        if (answer.status() < 400 || answer.status() > 499) {
            return "status " + answer.status() + " " + answer.body().substring(0, Math.min(200, answer.body().length()));
        }
        String body = answer.body();
        if (!body.startsWith("{")) {
            // The JDK server's own answer to a request it cannot parse (such as a Content-Length that is not a number).
            return null;
        }
        if (body.length() > 300 || body.contains(SERVICE) || body.contains("fastjson") || body.contains("com.alibaba")
                || body.contains("Exception")) {
            return "reply too telling: " + body.substring(0, Math.min(300, body.length()));
        }
        return null;
    }

    private record Hostile(String kind, Map<String, String> headers, byte[] body) {
        static Hostile of(String kind, String body) {
            return new Hostile(kind, JSON, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Hostile hostile() {
        return switch (random.nextInt(20)) {
            case 0 -> gadget();
            case 1 -> duplicateKey();
            case 2 -> deepNesting();
            case 3 -> hugeNumber();
            case 4 -> hugeString();
            case 5 -> new Hostile("content type", Map.of("Content-Type", pick("text/plain", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/xml", "")), validBody());
            case 6 -> new Hostile("origin", Map.of("Content-Type", "application/json", "Origin", "http://site" + random.nextInt(1000)
                    + ".example"), validBody());
            case 7 -> truncated();
            case 8 -> mutated();
            case 9 -> lyingLength();
            case 10 -> wrongArgument();
            case 11 -> randomBytes();
            case 12 -> Hostile.of("not an object", pick("[]", "\"x\"", "1", "null", "", "  ", "[{}]", "true"));
            case 13 -> Hostile.of("unknown", pick(call("com.example.Missing", "add", "[\"int\",\"int\"]", "[1,2]"),
                    call(SERVICE, "secret", "[]", "[]"), call(SERVICE, "add", "[\"long\",\"long\"]", "[1,2]"),
                    call(SERVICE, "getClass", "[]", "[]"), call(SERVICE, "wait", "[\"long\"]", "[1]")));
            case 14 -> Hostile.of("trailing", validText() + pick("x", "{}", "]", "\u0000", ",", " 1", "//", "/**/"));
            case 15 -> Hostile.of("reference", call(SERVICE, "size", "[\"java.util.List\"]", pick("[[{\"$ref\":\"$\"}]]",
                    "[{\"$ref\":\"..\"}]", "[[{\"id\":1,\"name\":{\"$ref\":\"$.args\"}}]]")));
            case 16 -> Hostile.of("collection", call(SERVICE, "any", "[\"java.lang.Object\"]", "[[" + "0,".repeat(10_000 + random.nextInt(50_000)) + "0]]"));
            case 17 -> attachments();
            case 18 -> oversize();
            default -> Hostile.of("bad key", "{\"service\":\"" + SERVICE + "\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],"
                    + "\"args\":[\"x\"],\"" + pick("\\u00", "\\x41", "\\", "\u0001") + "\":1}");
        };
    }

    private Hostile gadget() {
        String gadget = "{\"@type\":\"" + pick("com.sun.rowset.JdbcRowSetImpl", "java.net.InetAddress", "org.apache.commons.Evil",
                "java.lang.Thread", "java.io.File") + "\",\"dataSourceName\":\"ldap://127.0.0.1:1/x\",\"autoCommit\":true}";
        return Hostile.of("gadget", switch (random.nextInt(4)) {
            case 0 -> "{\"@type\":\"java.util.HashMap\"," + validText().substring(1);
            case 1 -> call(SERVICE, "any", "[\"java.lang.Object\"]", "[" + gadget + "]");
            case 2 -> call(SERVICE, "size", "[\"java.util.List\"]", "[[" + gadget + "]]");
            default -> withField(call(SERVICE, "echo", "[\"java.lang.String\"]", "[\"x\"]"), "\"attachments\":" + gadget);
        });
    }

    private Hostile duplicateKey() {
        String field = pick("\"service\":\"" + SERVICE + "\"", "\"service\":\"java.lang.Runtime\"", "\"method\":\"add\"",
                "\"args\":[1,2]", "\"parameterTypes\":[\"int\",\"int\"]", "\"args\":[3,4]", "\"s\\u0065rvice\":\"x\"");
        String body = random.nextBoolean()
                ? "{" + field + "," + call(SERVICE, "add", "[\"int\",\"int\"]", "[1,2]").substring(1)
                : withField(call(SERVICE, "add", "[\"int\",\"int\"]", "[1,2]"), field);
        return Hostile.of("duplicate", body);
    }

    private Hostile deepNesting() {
        int depth = 33 + random.nextInt(6_000);
        String nest = random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        return Hostile.of("nesting " + depth, random.nextBoolean()
                ? "{\"padding\":" + nest + "," + validText().substring(1)
                : call(SERVICE, "any", "[\"java.lang.Object\"]", "[" + nest + "]"));
    }

    private Hostile hugeNumber() {
        String number = switch (random.nextInt(3)) {
            case 0 -> "9".repeat(101 + random.nextInt(300_000));
            case 1 -> "-1" + "0".repeat(100 + random.nextInt(1_000)) + ".5";
            default -> "1e" + (10_000 + random.nextInt(1_000_000_000));
        };
        return Hostile.of("number", random.nextBoolean()
                ? call(SERVICE, "add", "[\"int\",\"int\"]", "[" + number + ",1]")
                : call(SERVICE, "any", "[\"java.lang.Object\"]", "[" + number + "]"));
    }

    private Hostile hugeString() {
        String text = "x".repeat(64 * 1024 + 1 + random.nextInt(300_000));
        return Hostile.of("string", switch (random.nextInt(3)) {
            case 0 -> call(SERVICE, "echo", "[\"java.lang.String\"]", "[\"" + text + "\"]");
            case 1 -> call(text, "echo", "[\"java.lang.String\"]", "[\"x\"]");
            default -> "{\"" + text + "\":1," + validText().substring(1);
        });
    }

    private Hostile truncated() {
        byte[] body = validBody();
        int cut = 1 + random.nextInt(body.length - 1);
        return new Hostile("truncated at " + cut, JSON, java.util.Arrays.copyOf(body, cut));
    }

    /** A change that always breaks the grammar: a structural character swapped, or a control character inserted. */
    private Hostile mutated() {
        StringBuilder body = new StringBuilder(validText());
        if (random.nextBoolean()) {
            List<Integer> structural = new ArrayList<>();
            for (int i = 0; i < body.length(); i++) {
                if ("{}[]:,".indexOf(body.charAt(i)) >= 0) {
                    structural.add(i);
                }
            }
            int at = structural.get(random.nextInt(structural.size()));
            char was = body.charAt(at);
            char now;
            do {
                now = "{}[]:,x".charAt(random.nextInt(7));
            } while (now == was);
            body.setCharAt(at, now);
        } else {
            body.insert(random.nextInt(body.length() + 1), (char) (1 + random.nextInt(8)));
        }
        return Hostile.of("mutated", body.toString());
    }

    private Hostile lyingLength() {
        byte[] body = validBody();
        return switch (random.nextInt(4)) {
            case 0 -> new Hostile("longer length", Map.of("Content-Type", "application/json", "Content-Length",
                    String.valueOf(body.length + 1 + random.nextInt(1_000))), body);
            case 1 -> new Hostile("huge length", Map.of("Content-Type", "application/json", "Content-Length",
                    String.valueOf(MAX_REQUEST_SIZE + 1L + random.nextInt(Integer.MAX_VALUE))), body);
            case 2 -> new Hostile("shorter length", Map.of("Content-Type", "application/json", "Content-Length",
                    String.valueOf(1 + random.nextInt(body.length - 1))), body);
            default -> new Hostile("bad length", Map.of("Content-Type", "application/json", "Content-Length",
                    pick("-1", "abc", "1e3", "99999999999999999999")), body);
        };
    }

    private Hostile wrongArgument() {
        String argument = pick("4294967297", "{\"a\":1}", "\"abc\"", "true", "1.5", "null", "[1]", "9223372036854775808");
        String call = call(SERVICE, "add", "[\"int\",\"int\"]", "[" + argument + ",1]");
        return Hostile.of("argument " + argument, random.nextBoolean() ? call
                : "{\"args\":[" + argument + ",1],\"service\":\"" + SERVICE + "\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"]}");
    }

    private Hostile randomBytes() {
        byte[] body = new byte[1 + random.nextInt(2_000)];
        random.nextBytes(body);
        body[0] = (byte) (random.nextBoolean() ? '{' : body[0] == '{' ? 'x' : body[0]);
        return new Hostile("random bytes", JSON, body);
    }

    private Hostile attachments() {
        StringBuilder attachments = new StringBuilder("{");
        int count = 17 + random.nextInt(1_000);
        for (int i = 0; i < count; i++) {
            attachments.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return Hostile.of("attachments", withField(call(SERVICE, "echo", "[\"java.lang.String\"]", "[\"x\"]"),
                "\"attachments\":" + attachments + "}"));
    }

    private Hostile oversize() {
        return Hostile.of("oversize", call(SERVICE, "echo", "[\"java.lang.String\"]",
                "[\"" + "y".repeat(MAX_REQUEST_SIZE + random.nextInt(100_000)) + "\"]"));
    }

    /** A valid call's body trickling in, one byte every 100 ms: dropped at the deadline. */
    private String slowBody() throws Exception {
        Answer answer = RawHttp.trickle(port, PATH, JSON, validBody(), 100);
        return answer.status() == 400 ? null : "status " + answer.status();
    }

    private void validCall() throws Exception {
        switch (random.nextInt(3)) {
            case 0 -> {
                int a = random.nextInt(1_000_000) - 500_000;
                int b = random.nextInt(1_000_000) - 500_000;
                expect(call(SERVICE, "add", "[\"int\",\"int\"]", "[" + a + "," + b + "]"), String.valueOf(a + b));
            }
            case 1 -> {
                String text = "héllo \\\" \\u263A " + random.nextInt();
                expect(call(SERVICE, "echo", "[\"java.lang.String\"]", "[\"" + text + "\"]"), "\"" + text.replace("\\u263A", "\u263A") + "\"");
            }
            default -> {
                int n = random.nextInt(20);
                StringBuilder dtos = new StringBuilder("[");
                for (int i = 0; i < n; i++) {
                    dtos.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"n").append(i).append("\"}");
                }
                expect(call(SERVICE, "size", "[\"java.util.List\"]", "[" + dtos + "]]"), String.valueOf(n));
            }
        }
    }

    private void expect(String body, String result) throws Exception {
        Answer answer = RawHttp.post(port, PATH, JSON, body.getBytes(StandardCharsets.UTF_8));
        assertThat(answer).as("valid call %s", body).isEqualTo(new Answer(200, result));
    }

    /** Every worker thread runs a call at once, which only works when none is stuck. */
    private void allWorkersFree() throws Exception {
        List<Future<Answer>> answers = new ArrayList<>();
        byte[] body = call(SERVICE, "rendezvous", "[]", "[]").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < THREADS; i++) {
            answers.add(clients.submit(() -> RawHttp.post(port, PATH, JSON, body)));
        }
        for (Future<Answer> answer : answers) {
            assertThat(answer.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private byte[] validBody() {
        return validText().getBytes(StandardCharsets.UTF_8);
    }

    private String validText() {
        return call(SERVICE, "add", "[\"int\",\"int\"]", "[" + random.nextInt(100) + "," + random.nextInt(100) + "]");
    }

    private static String call(String service, String method, String types, String args) {
        return "{\"service\":\"" + service + "\",\"method\":\"" + method + "\",\"parameterTypes\":" + types + ",\"args\":" + args + "}";
    }

    /** {@code object} with {@code field} added as its last member. */
    private static String withField(String object, String field) {
        return object.substring(0, object.length() - 1) + "," + field + "}";
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}

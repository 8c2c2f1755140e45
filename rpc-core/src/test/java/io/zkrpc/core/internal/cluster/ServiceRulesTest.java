package io.zkrpc.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules node is read strictly: each refusal names its problem. */
class ServiceRulesTest {

    @Test
    void readsTheDocumentedExample() {
        ServiceRules rules = ServiceRules.parse("{\"gray\": {\"tag\": \"gray\", \"share\": 0.1}, \"instances\": {\"127.0.0.1:8081\": {\"weight\": 0}}}");

        assertThat(rules.gray()).isEqualTo(new ServiceRules.Gray("gray", 0.1));
        assertThat(rules.weights()).isEqualTo(Map.of("127.0.0.1:8081", 0));
        assertThat(ServiceRules.parse(rules.toJson())).isEqualTo(rules);
    }

    @Test
    void anEmptyObjectIsNoRule() {
        assertThat(ServiceRules.parse("{}").isEmpty()).isTrue();
        assertThat(ServiceRules.parse("{\"instances\": {\"[::1]:8081\": {\"weight\": 10000}, \"host-a.example:1\": {\"weight\": 5}}}").weights())
                .containsEntry("[::1]:8081", 10000).containsEntry("host-a.example:1", 5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not JSON | {\"gray\": | not JSON",
        "an array | [1] | the rules must be a JSON object",
        "an unknown top-level key | {\"grey\": {\"tag\": \"gray\", \"share\": 0.1}} | unknown key 'grey' in the rules (known: gray, instances)",
        "an auto-type key | {\"@type\": \"java.lang.Runtime\"} | unknown key '@type'",
        "a share above 1 | {\"gray\": {\"tag\": \"gray\", \"share\": 1.5}} | gray share 1.5 is not from 0 to 1",
        "a negative share | {\"gray\": {\"tag\": \"gray\", \"share\": -0.1}} | gray share -0.1 is not from 0 to 1",
        "a share as text | {\"gray\": {\"tag\": \"gray\", \"share\": \"0.1\"}} | needs a \"share\", a number from 0 to 1",
        "no share | {\"gray\": {\"tag\": \"gray\"}} | needs a \"share\"",
        "a blank tag | {\"gray\": {\"tag\": \"  \", \"share\": 0.1}} | needs a \"tag\", a non-blank string",
        "a tag with spaces | {\"gray\": {\"tag\": \"a b\", \"share\": 0.1}} | gray tag 'a b' is not at most 64",
        "an unknown key in gray | {\"gray\": {\"tag\": \"g\", \"share\": 0.1, \"force\": true}} | unknown key 'force' in \"gray\"",
        "a fractional weight | {\"instances\": {\"127.0.0.1:8081\": {\"weight\": 1.5}}} | weight of '127.0.0.1:8081' is not a whole number: 1.5",
        "a weight above 10000 | {\"instances\": {\"127.0.0.1:8081\": {\"weight\": 10001}}} | weight of '127.0.0.1:8081' is 10001, not from 0 to 10000",
        "a negative weight | {\"instances\": {\"127.0.0.1:8081\": {\"weight\": -1}}} | weight of '127.0.0.1:8081' is -1, not from 0 to 10000",
        "a huge weight | {\"instances\": {\"127.0.0.1:8081\": {\"weight\": 99999999999999999999999}}} | not from 0 to 10000",
        "no weight | {\"instances\": {\"127.0.0.1:8081\": {}}} | weight of '127.0.0.1:8081' is missing",
        "an address without port | {\"instances\": {\"127.0.0.1\": {\"weight\": 1}}} | instance '127.0.0.1' is not host:port",
        "a port out of range | {\"instances\": {\"127.0.0.1:70000\": {\"weight\": 1}}} | instance '127.0.0.1:70000' is not host:port",
        "a host with a slash | {\"instances\": {\"a/b:80\": {\"weight\": 1}}} | instance 'a/b:80' is not host:port",
        "instances as a list | {\"instances\": [\"127.0.0.1:8081\"]} | \"instances\" must be a JSON object",
    })
    void refuses(String what, String json, String problem) {
        assertThatThrownBy(() -> ServiceRules.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void refusesRulesOverSixtyFourKibibytesAndTooManyInstances() {
        String large = "{\"gray\": {\"tag\": \"gray\", \"share\": 0.1}, \"pad\": \"" + "x".repeat(ServiceRules.MAX_BYTES) + "\"}";
        assertThatThrownBy(() -> ServiceRules.parse(large)).hasMessageContaining("more than 65536");

        StringBuilder many = new StringBuilder("{\"instances\": {");
        for (int i = 0; i <= ServiceRules.MAX_INSTANCES; i++) {
            many.append(i == 0 ? "" : ",").append("\"10.0.").append(i / 250).append('.').append(i % 250).append(":80\": {\"weight\": 1}");
        }
        many.append("}}");
        assertThatThrownBy(() -> ServiceRules.parse(many.toString())).hasMessageContaining("more than 1024");
    }

    @Test
    void aControlCharacterNeverReachesTheMessage() {
        assertThatThrownBy(() -> ServiceRules.parse("{\"gr\\ney\": 1}"))
                .hasMessageContaining("unknown key 'gr?ey'")
                .message().doesNotContain("\n");
    }

    /**
     * Rules written by whoever can write the node, built to cost every consumer's registry thread
     * memory or time (an exponent-sized plain string, quadratic number parsing, deep recursion) or
     * to escape as another exception: each is refused quickly with the one expected exception.
     */
    static Stream<Arguments> hostile() {
        String digits = "9".repeat(1000);
        return Stream.of(
                Arguments.of("a share with a huge exponent", "{\"gray\":{\"tag\":\"g\",\"share\":1e999999999}}"),
                Arguments.of("a weight with a huge exponent", "{\"instances\":{\"a:1\":{\"weight\":1e999999999}}}"),
                Arguments.of("a weight with a huge negative exponent", "{\"instances\":{\"a:1\":{\"weight\":1e-999999999}}}"),
                Arguments.of("a long mantissa with a huge exponent", "{\"instances\":{\"a:1\":{\"weight\":1." + digits + "e999999999}}}"),
                Arguments.of("a 1000-digit weight", "{\"instances\":{\"a:1\":{\"weight\":" + digits + "}}}"),
                Arguments.of("a 1000-digit share", "{\"gray\":{\"tag\":\"g\",\"share\":0." + digits + "}}"),
                Arguments.of("a NaN share", "{\"gray\":{\"tag\":\"g\",\"share\":NaN}}"),
                Arguments.of("an Infinity share", "{\"gray\":{\"tag\":\"g\",\"share\":Infinity}}"),
                Arguments.of("a -Infinity weight", "{\"instances\":{\"a:1\":{\"weight\":-Infinity}}}"),
                Arguments.of("a number as an instance key", "{\"instances\":{1:{\"weight\":1}}}"),
                Arguments.of("a number as a top-level key", "{1:{\"weight\":1}}"),
                Arguments.of("10,000 nested arrays", "{\"gray\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"),
                Arguments.of("64 KiB of [", "[".repeat(ServiceRules.MAX_BYTES)),
                Arguments.of("nesting within the byte bound but past the depth bound", "{\"gray\":{\"tag\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{}}}}}}}}}"),
                Arguments.of("something after the rules", "{} {\"gray\":{\"tag\":\"g\",\"share\":1}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusesHostileRulesQuicklyWithAnIllegalArgumentException(String what, String json) {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> ServiceRules.parse(json))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .message().hasSizeLessThan(300).doesNotContain("\n"));
    }

    /** Whatever a parser hands over: a decimal is sized before it is converted, and shown in scientific notation. */
    @Test
    void decimalsWithHugeExponentsOrManyDigitsAreSizedBeforeAnyConversion() {
        String digits = "7".repeat(1000);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThatThrownBy(() -> ServiceRules.weight(new BigDecimal("1e999999999"), "a:1"))
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("weight of 'a:1' is 1E+999999999, not from 0 to 10000");
            assertThatThrownBy(() -> ServiceRules.weight(new BigDecimal("-1e999999999"), "a:1")).hasMessageContaining("not from 0 to 10000");
            assertThatThrownBy(() -> ServiceRules.weight(new BigDecimal("1e-999999999"), "a:1")).hasMessageContaining("not a whole number: 1E-999999999");
            assertThatThrownBy(() -> ServiceRules.weight(new BigDecimal("1." + digits + "e999999999"), "a:1"))
                    .hasMessage("weight of 'a:1' is a number of 1001 digits, not from 0 to 10000");
            assertThatThrownBy(() -> ServiceRules.weight(new BigInteger(digits), "a:1"))
                    .hasMessageContaining("is a number of").hasMessageContaining("bits, not from 0 to 10000");
            assertThatThrownBy(() -> ServiceRules.share(new BigDecimal("1e999999999"))).hasMessage("gray share 1E+999999999 is not from 0 to 1");
            assertThatThrownBy(() -> ServiceRules.share(new BigDecimal("1." + digits + "e-999999999"))).hasMessageContaining("is not from 0 to 1");
            assertThatThrownBy(() -> ServiceRules.share(Double.NaN)).hasMessage("gray share NaN is not from 0 to 1");
            assertThatThrownBy(() -> ServiceRules.share(Double.POSITIVE_INFINITY)).hasMessage("gray share Infinity is not from 0 to 1");
        });
        assertThat(ServiceRules.weight(new BigDecimal("1E+3"), "a:1")).isEqualTo(1000);
        assertThat(ServiceRules.share(new BigDecimal("0.25"))).isEqualTo(0.25);
    }

    @Test
    void aHugeExponentIsShownAsWrittenNotExpanded() {
        // Past the parser, as another parser could hand such a value over: the checks size it before converting it.
        assertThatThrownBy(() -> ServiceRules.parse("{\"instances\":{\"a:1\":{\"weight\":1e99}}}"))
                .hasMessageContaining("weight of 'a:1' is")
                .hasMessageContaining("not from 0 to 10000");
        assertThatThrownBy(() -> ServiceRules.parse("{\"gray\":{\"tag\":\"g\",\"share\":1e30}}"))
                .hasMessageContaining("gray share 1.0E30 is not from 0 to 1");
    }

    @Test
    void wholeNumbersWrittenAsDecimalsOrWithAnExponentAreWeights() {
        assertThat(ServiceRules.parse("{\"instances\":{\"a:1\":{\"weight\":100.0},\"b:1\":{\"weight\":1e2},\"c:1\":{\"weight\":1E+4}}}").weights())
                .containsEntry("a:1", 100).containsEntry("b:1", 100).containsEntry("c:1", 10_000);
    }

    /**
     * An application's own global fastjson2 reader features never reach the rules. fastjson2 2.0.60
     * refuses {@code SupportAutoType} globally, so features it does take stand in for it: read with
     * the global context, {@code UseNativeObject} turned every rule into a plain map (refused as "not
     * a JSON object"), and {@code SupportClassForName} let a string name a class.
     */
    @Test
    void anApplicationsGlobalReaderFeaturesNeverReachTheRules() {
        Made.count.set(0);
        JSON.config(JSONReader.Feature.UseNativeObject, true);
        JSON.config(JSONReader.Feature.SupportClassForName, true);
        try {
            assertThat(ServiceRules.parse("{\"gray\": {\"tag\": \"gray\", \"share\": 0.1}}").gray())
                    .isEqualTo(new ServiceRules.Gray("gray", 0.1));
            String json = "{\"gray\": {\"@type\": \"" + Made.class.getName() + "\", \"tag\": \"g\", \"share\": 0.1}}";
            assertThatThrownBy(() -> ServiceRules.parse(json)).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown key '@type' in \"gray\"");
        } finally {
            JSON.config(JSONReader.Feature.UseNativeObject, false);
            JSON.config(JSONReader.Feature.SupportClassForName, false);
        }
        assertThat(Made.count).as("instances made from the rules").hasValue(0);
    }

    /** A class a rule could name. */
    public static final class Made {

        static final AtomicInteger count = new AtomicInteger();

        public String tag;
        public double share;

        public Made() {
            count.incrementAndGet();
        }
    }
}

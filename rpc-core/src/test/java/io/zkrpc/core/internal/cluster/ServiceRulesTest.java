package io.zkrpc.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

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
}

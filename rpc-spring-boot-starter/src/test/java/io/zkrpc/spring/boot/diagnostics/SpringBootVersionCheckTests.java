package io.zkrpc.spring.boot.diagnostics;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootVersion;

class SpringBootVersionCheckTests {

    @ParameterizedTest
    @ValueSource(strings = {"3.5.6", "4.0.3", "4.0.0-SNAPSHOT", "2.7.18"})
    void anOlderBootFailsNamingTheFoundAndTheRequiredVersion(String found) {
        assertThatThrownBy(() -> SpringBootVersionCheck.check(found)).isInstanceOf(ZkRpcStartupException.class)
                .hasMessage("zkrpc needs Spring Boot 4.1 or newer, but found Spring Boot " + found + ".")
                .extracting(e -> ((ZkRpcStartupException) e).getAction()).asString().contains("Spring Boot 4.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.1.0", "4.1.2", "4.1.0-M1", "4.2.0-SNAPSHOT", "5.0.0"})
    void theRequiredBootAndNewerPass(String found) {
        assertThatCode(() -> SpringBootVersionCheck.check(found)).doesNotThrowAnyException();
    }

    @Test
    void anUnknownVersionPasses() {
        assertThatCode(() -> SpringBootVersionCheck.check(null)).doesNotThrowAnyException();
        assertThatCode(() -> SpringBootVersionCheck.check("")).doesNotThrowAnyException();
        assertThatCode(() -> SpringBootVersionCheck.check("unknown")).doesNotThrowAnyException();
    }

    @Test
    void theBootThisBuildRunsOnPasses() {
        assertThatCode(() -> SpringBootVersionCheck.check(SpringBootVersion.getVersion())).doesNotThrowAnyException();
    }
}

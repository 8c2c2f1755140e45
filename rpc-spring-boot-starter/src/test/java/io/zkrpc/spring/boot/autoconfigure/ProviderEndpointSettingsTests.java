package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import io.zkrpc.spring.boot.properties.ProviderProperties;

class ProviderEndpointSettingsTests {

    private final ProviderProperties properties = new ProviderProperties();

    @Test
    void aPathBelowTheRootIsTheMapping() {
        properties.setPath("/rpc");
        assertThat(ProviderEndpointSettings.path(properties)).isEqualTo("/rpc");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "/", "rpc"})
    void aPathThatIsNotBelowTheRootIsRefused(String path) {
        properties.setPath(path);
        assertThatThrownBy(() -> ProviderEndpointSettings.path(properties)).isInstanceOf(IllegalStateException.class)
                .hasMessage("zkrpc.provider.path must be a path below '/', such as /zkrpc, not '" + path + "'");
    }

    @Test
    void theRequestLimitIsInBytes() {
        properties.setMaxRequestSize(DataSize.ofKilobytes(1));
        assertThat(ProviderEndpointSettings.maxRequestBytes(properties)).isEqualTo(1024);
    }

    @Test
    void aLimitBeyondTheLargestArrayIsCappedThere() {
        properties.setMaxRequestSize(DataSize.ofGigabytes(3));
        assertThat(ProviderEndpointSettings.maxRequestBytes(properties)).isEqualTo(Integer.MAX_VALUE - 8);
    }
}

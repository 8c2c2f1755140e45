package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import io.zkrpc.core.provider.RequestLimits;
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

    @Test
    void theDefaultLimitsAreTheCores() {
        assertThat(ProviderEndpointSettings.limits(properties)).isEqualTo(RequestLimits.DEFAULTS);
    }

    @Test
    void everyLimitReachesTheDispatchersLimits() {
        ProviderProperties.Limits limits = properties.getLimits();
        limits.setMaxDepth(10);
        limits.setMaxNumberLength(20);
        limits.setMaxStringLength(DataSize.ofKilobytes(2));
        limits.setMaxCollectionSize(30);
        limits.setMaxAttachments(4);
        limits.setBodyReadTimeout(Duration.ofSeconds(3));
        limits.setMinBodyRate(DataSize.ofBytes(50));
        limits.setMinBodyRateGrace(Duration.ofMillis(600));

        assertThat(ProviderEndpointSettings.limits(properties)).isEqualTo(new RequestLimits(10, 20, 2048, 30, 4,
                Duration.ofSeconds(3), 50, Duration.ofMillis(600)));
    }

    @Test
    void anInvalidLimitNamesTheProperties() {
        properties.getLimits().setMaxDepth(0);
        assertThatThrownBy(() -> ProviderEndpointSettings.limits(properties)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("zkrpc.provider.limits");
    }
}

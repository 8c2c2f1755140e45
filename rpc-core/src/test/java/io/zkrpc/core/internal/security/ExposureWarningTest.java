package io.zkrpc.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExposureWarningTest {

    @Test
    void aProviderOnEveryInterfaceOrAPublicAddressWithoutASecretIsWarnedAbout() {
        assertThat(ExposureWarning.of(null, false)).contains("every network interface").contains("zkrpc.security.secret");
        assertThat(ExposureWarning.of("0.0.0.0", false)).contains("0.0.0.0");
        assertThat(ExposureWarning.of("10.1.2.3", false)).contains("10.1.2.3");
    }

    @Test
    void aLoopbackOrAuthenticatedProviderIsNot() {
        assertThat(ExposureWarning.of("127.0.0.1", false)).isNull();
        assertThat(ExposureWarning.of("localhost", false)).isNull();
        assertThat(ExposureWarning.of(null, true)).isNull();
    }
}

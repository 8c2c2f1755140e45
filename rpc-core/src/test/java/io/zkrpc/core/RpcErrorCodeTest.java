package io.zkrpc.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RpcErrorCodeTest {

    @ParameterizedTest
    @EnumSource(value = RpcErrorCode.class, names = {"CONNECT_FAILED", "SHUTTING_DOWN", "UNKNOWN_SERVICE"})
    void failuresWhereNothingRanAreAlwaysRetryable(RpcErrorCode code) {
        assertThat(code.retryable(false)).isTrue();
        assertThat(code.retryable(true)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = RpcErrorCode.class, names = {"TIMEOUT", "NETWORK_ERROR", "PROVIDER_ERROR"})
    void failuresAfterTheMethodMayHaveRunAreRetryableOnlyWhenIdempotent(RpcErrorCode code) {
        assertThat(code.retryable(false)).isFalse();
        assertThat(code.retryable(true)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = RpcErrorCode.class, names = {"SERVICE_EXCEPTION", "BAD_REQUEST", "NO_PROVIDER", "UNKNOWN_METHOD", "SERIALIZATION", "PAYLOAD_TOO_LARGE", "REGISTRY_UNAVAILABLE",
            "UNAUTHENTICATED", "UNSUPPORTED_MEDIA_TYPE", "FORBIDDEN"})
    void failuresOfTheCallItselfAreNeverRetryable(RpcErrorCode code) {
        assertThat(code.retryable(false)).isFalse();
        assertThat(code.retryable(true)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = RpcErrorCode.class, names = {"NO_PROVIDER", "CONNECT_FAILED", "NETWORK_ERROR", "TIMEOUT", "PROVIDER_ERROR",
            "SHUTTING_DOWN", "UNKNOWN_SERVICE", "REGISTRY_UNAVAILABLE"})
    void failuresOfTheServiceToAnswerAreTheOnesAFallbackOrAStaleResultAnswers(RpcErrorCode code) {
        assertThat(code.unavailable()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = RpcErrorCode.class, mode = EnumSource.Mode.EXCLUDE, names = {"NO_PROVIDER", "CONNECT_FAILED", "NETWORK_ERROR",
            "TIMEOUT", "PROVIDER_ERROR", "SHUTTING_DOWN", "UNKNOWN_SERVICE", "REGISTRY_UNAVAILABLE"})
    void theServicesOwnExceptionAndFaultyCallsAreNeverAnsweredFromElsewhere(RpcErrorCode code) {
        assertThat(code.unavailable()).isFalse();
    }
}

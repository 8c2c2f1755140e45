package io.zkrpc.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;

class RetriesTest {

    @ParameterizedTest
    @EnumSource(value = RpcErrorCode.class, names = {"CONNECT_FAILED", "SHUTTING_DOWN"})
    void failuresWhereNothingRanAreAlwaysRetryable(RpcErrorCode code) {
        assertThat(Retries.retryable(failure(code), false)).isTrue();
        assertThat(Retries.retryable(failure(code), true)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = RpcErrorCode.class, names = {"TIMEOUT", "NETWORK_ERROR", "PROVIDER_ERROR"})
    void failuresAfterTheMethodMayHaveRunAreRetryableOnlyWhenIdempotent(RpcErrorCode code) {
        assertThat(Retries.retryable(failure(code), false)).isFalse();
        assertThat(Retries.retryable(failure(code), true)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = RpcErrorCode.class, names = {"SERVICE_EXCEPTION", "BAD_REQUEST", "NO_PROVIDER", "UNKNOWN_METHOD",
            "UNKNOWN_SERVICE", "SERIALIZATION", "PAYLOAD_TOO_LARGE"})
    void failuresOfTheCallItselfAreNeverRetryable(RpcErrorCode code) {
        assertThat(Retries.retryable(failure(code), false)).isFalse();
        assertThat(Retries.retryable(failure(code), true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void businessExceptionsAreNeverRetryable(boolean idempotent) {
        assertThat(Retries.retryable(new IllegalStateException("out of stock"), idempotent)).isFalse();
        assertThat(Retries.retryable(new java.io.IOException("a checked business exception"), idempotent)).isFalse();
    }

    private static RpcException failure(RpcErrorCode code) {
        return new RpcException(code, "attempt failed");
    }
}

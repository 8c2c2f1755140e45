package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;

class ClusterInvokerTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void businessExceptionsAreNeverRetryable(boolean idempotent) {
        assertThat(ClusterInvoker.retryable(new IllegalStateException("out of stock"), idempotent)).isFalse();
        assertThat(ClusterInvoker.retryable(new IOException("a checked business exception"), idempotent)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void machineryFailuresFollowTheRuleOfTheirCode(boolean idempotent) {
        assertThat(ClusterInvoker.retryable(new RpcException(RpcErrorCode.CONNECT_FAILED, "refused"), idempotent)).isTrue();
        assertThat(ClusterInvoker.retryable(new RpcException(RpcErrorCode.TIMEOUT, "slow"), idempotent)).isEqualTo(idempotent);
    }
}

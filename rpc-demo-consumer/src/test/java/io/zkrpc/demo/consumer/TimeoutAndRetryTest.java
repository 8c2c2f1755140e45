package io.zkrpc.demo.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.demo.api.UserService;
import io.zkrpc.demo.provider.DemoProviderApplication;
import io.zkrpc.test.RunningProvider;
import io.zkrpc.test.ZkRpcKit;
import io.zkrpc.test.ZkRpcTest;

/** The demo's settings for UserService: 300 ms per attempt, retried once elsewhere since its calls are idempotent. */
@SpringBootTest(properties = {
        "zkrpc.consumer.services[io.zkrpc.demo.api.UserService].timeout=300ms",
        "zkrpc.consumer.services[io.zkrpc.demo.api.UserService].retries=1",
        "zkrpc.consumer.services[io.zkrpc.demo.api.UserService].idempotent=true"})
@ZkRpcTest(providers = DemoProviderApplication.class, instances = 2)
class TimeoutAndRetryTest {

    @RpcReference
    UserService users;

    @BeforeEach
    void bothInstancesListed(ZkRpcKit kit) {
        kit.awaitInstances(UserService.class, 2);
    }

    @Test
    void aSlowInstanceCostsOneTimeoutThenTheOtherAnswers(ZkRpcKit kit) {
        RunningProvider slow = kit.providers().get(0);
        RunningProvider fast = kit.providers().get(1);
        slow.slow(UserService.class, "find", Duration.ofSeconds(2));

        for (int i = 0; i < 4; i++) { // round robin: half of the first attempts go to the slow one
            long start = System.nanoTime();
            assertThat(users.find(1).servedBy()).isEqualTo(fast.address());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void whenEveryInstanceHangsTheCallerGetsATimeout(ZkRpcKit kit) {
        kit.providers().forEach(provider -> provider.hang(UserService.class, "find"));

        assertThatThrownBy(() -> users.find(1)).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.TIMEOUT));
    }
}

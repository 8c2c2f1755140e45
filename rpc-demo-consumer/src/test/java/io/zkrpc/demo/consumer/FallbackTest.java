package io.zkrpc.demo.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.demo.api.UserService;
import io.zkrpc.demo.provider.DemoProviderApplication;
import io.zkrpc.test.RunningProvider;
import io.zkrpc.test.ZkRpcKit;
import io.zkrpc.test.ZkRpcTest;

/** The greeting falls back to a guest when the user service fails, and only then. */
@SpringBootTest
@ZkRpcTest(providers = DemoProviderApplication.class)
class FallbackTest {

    @Autowired
    DemoCalls calls;

    @Test
    void greetsTheUserWhileTheServiceAnswers() {
        assertThat(calls.greeting(1)).isEqualTo("Hello, ada");
    }

    @Test
    void greetsAGuestWhenTheServiceFails(ZkRpcKit kit) {
        kit.providers().get(0).fail(UserService.class, "find", RpcErrorCode.PROVIDER_ERROR);

        assertThat(calls.greeting(1)).isEqualTo("Hello, guest");
    }

    @Test
    void greetsAGuestWhenNoInstanceIsLeft(ZkRpcKit kit) {
        RunningProvider only = kit.providers().get(0);
        only.stop();
        only.awaitGone();

        assertThat(calls.greeting(1)).isEqualTo("Hello, guest");
    }
}

package io.zkrpc.test.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.zkrpc.test.RunningProvider;
import io.zkrpc.test.ZkRpcTest;
import io.zkrpc.test.sample.provider.EchoProviderApplication;

/** The kit of a test context whose refresh fails: nothing it started may outlive it. */
class KitContextCustomizerTest {

    @ZkRpcTest(providers = EchoProviderApplication.class)
    static class Declaration {
    }

    @Test
    void aContextThatFailsToRefreshClosesTheKitsZooKeeperAndProviders() {
        GenericApplicationContext context = new GenericApplicationContext();
        new KitContextCustomizer(Declaration.class.getAnnotation(ZkRpcTest.class)).customizeContext(context, null);
        DefaultZkRpcKit kit = (DefaultZkRpcKit) context.getBeanFactory().getSingleton(KitContextCustomizer.KIT_BEAN);
        RunningProvider provider = kit.providers().get(0);
        String zooKeeper = kit.zooKeeperAddress();
        assertThat(accepts(zooKeeper)).isTrue();
        context.registerBean("broken", String.class, () -> {
            throw new IllegalStateException("broken on purpose");
        });

        assertThatThrownBy(context::refresh).hasRootCauseMessage("broken on purpose");

        assertThat(provider.context().isActive()).as("the declared provider's context is closed").isFalse();
        assertThat(accepts(zooKeeper)).as("ZooKeeper at %s is stopped", zooKeeper).isFalse();
    }

    private static boolean accepts(String address) {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

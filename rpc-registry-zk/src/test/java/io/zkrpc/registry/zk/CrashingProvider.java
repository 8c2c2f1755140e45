package io.zkrpc.registry.zk;

import java.time.Duration;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * A provider process for {@link CrashedProviderTest}: registers one instance, prints
 * {@code READY} and blocks until it is killed.
 *
 * <p>Arguments: connect string, session timeout in milliseconds, interface name, environment, port.
 */
public final class CrashingProvider {

    static final String READY = "READY";

    private CrashingProvider() {
    }

    public static void main(String[] args) throws InterruptedException {
        ZkRegistryCenter registry = ZkRegistryCenter.builder()
                .connectString(args[0])
                .sessionTimeout(Duration.ofMillis(Long.parseLong(args[1])))
                .build();
        registry.start();
        registry.register(new ServiceKey(args[2], "", args[3]), Instance.http("127.0.0.1", Integer.parseInt(args[4]), "/zkrpc"));
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}

package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** A provider process killed with SIGKILL, which never unregisters, leaves every consumer's list in time. */
class CrashedProviderTest {

    private static final Duration PROVIDER_SESSION_TIMEOUT = Duration.ofSeconds(3);
    /** The bound: the session timeout plus 2 seconds. */
    private static final Duration DROP_BOUND = PROVIDER_SESSION_TIMEOUT.plusSeconds(2);
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "", "test");
    private static final Instance CRASHING = Instance.http("127.0.0.1", 8091, "/zkrpc");
    private static final Instance SURVIVING = Instance.http("127.0.0.1", 8092, "/zkrpc");

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();
    @TempDir
    Path directory;

    @Test
    void providerKilledWithSigkillLeavesTheConsumersListWithinTheSessionTimeoutPlusTwoSeconds() throws Exception {
        ZkRegistryCenter survivor = startedRegistry();
        survivor.register(ORDERS, SURVIVING);
        ZkRegistryCenter consumer = startedRegistry();
        RecordingListener listener = new RecordingListener();
        zookeeper.closeAfter(consumer.subscribe(ORDERS, listener));
        File output = directory.resolve("provider.log").toFile();
        Process provider = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashingProvider.class.getName(), zookeeper.connectString(), Long.toString(PROVIDER_SESSION_TIMEOUT.toMillis()),
                ORDERS.interfaceName(), ORDERS.environment(), Integer.toString(CRASHING.port()))
                .redirectError(output)
                .start();
        try {
            awaitReady(provider, output);
            listener.awaitLatest(DEADLINE, CRASHING, SURVIVING);

            provider.destroyForcibly();
            long killed = System.nanoTime();
            assertThat(provider.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the provider process ended").isTrue();
            assertThat(provider.exitValue()).as("exit value of a SIGKILLed process").isEqualTo(128 + 9);

            listener.awaitLatest(DEADLINE, SURVIVING);
            Duration dropped = Duration.ofNanos(System.nanoTime() - killed);
            System.out.printf("MEASURED kill -9 drop: %d ms (bound %d ms)%n", dropped.toMillis(), DROP_BOUND.toMillis());
            assertThat(dropped).isLessThanOrEqualTo(DROP_BOUND);
            assertThat(consumer.fetchAll(ORDERS)).containsExactly(SURVIVING);
        } finally {
            provider.destroyForcibly();
        }
    }

    /** Waits for the provider to print READY, reading its output on another thread so that the wait has a deadline. */
    private static void awaitReady(Process provider, File errors) throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(provider.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals(CrashingProvider.READY)) {
                        ready.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "crashing-provider-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The provider process (pid " + provider.pid() + ") did not print READY within "
                    + DEADLINE.toMillis() + " ms; its errors: " + String.join("\n", java.nio.file.Files.readAllLines(errors.toPath())));
        }
    }

    private ZkRegistryCenter startedRegistry() {
        return zookeeper.started(builder -> builder.sessionTimeout(Duration.ofSeconds(10)));
    }
}

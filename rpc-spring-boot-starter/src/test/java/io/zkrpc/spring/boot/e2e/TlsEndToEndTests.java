package io.zkrpc.spring.boot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.e2e.api.PingService;
import io.zkrpc.spring.boot.e2e.consumer.CatalogClient;
import io.zkrpc.spring.boot.e2e.consumer.TestConsumerApplication;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;

/**
 * TLS through Spring Boot's SSL bundles, on real Tomcat and OkHttp: a provider whose server runs
 * TLS registers {@code https}; consumers verify it with {@code zkrpc.consumer.ssl.bundle} and, for
 * a provider with {@code server.ssl.client-auth=need}, present the bundle's client certificate.
 * The certificates are made at start by the JDK's keytool, for 127.0.0.1 and localhost.
 */
class TlsEndToEndTests {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static EmbeddedZooKeeper zooKeeper;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static List<String> bundles;

    @BeforeAll
    static void startProviders() throws Exception {
        Path server = keyPair("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        Path client = keyPair("client", "CN=zkrpc-consumer", null);
        Path trust = trustStore(server, client);
        bundles = List.of(
                "spring.ssl.bundle.jks.server.keystore.location=" + server.toUri(),
                "spring.ssl.bundle.jks.server.keystore.password=" + PASSWORD,
                "spring.ssl.bundle.jks.server.truststore.location=" + trust.toUri(),
                "spring.ssl.bundle.jks.server.truststore.password=" + PASSWORD,
                "spring.ssl.bundle.jks.trusting.truststore.location=" + trust.toUri(),
                "spring.ssl.bundle.jks.trusting.truststore.password=" + PASSWORD,
                "spring.ssl.bundle.jks.mutual.keystore.location=" + client.toUri(),
                "spring.ssl.bundle.jks.mutual.keystore.password=" + PASSWORD,
                "spring.ssl.bundle.jks.mutual.truststore.location=" + trust.toUri(),
                "spring.ssl.bundle.jks.mutual.truststore.password=" + PASSWORD);
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        provider("tls");
        provider("mtls", "server.ssl.client-auth=need");
    }

    @AfterAll
    static void stop() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Test
    void aTlsProviderRegistersHttpsAndAConsumerWithTheBundleCallsIt() {
        ConfigurableApplicationContext consumer = consumer("tls", "zkrpc.consumer.ssl.bundle=trusting");

        assertThat(consumer.getBean(RpcClient.class).instances(key("tls"))).singleElement()
                .extracting(Instance::scheme).isEqualTo("https");
        assertThat(ping(consumer).ping("a")).isEqualTo("pong a");
    }

    @Test
    void aConsumerWithoutTheBundleFailsTheHandshakeWithAnRpcException() {
        PingService ping = ping(consumer("tls"));

        assertThatThrownBy(() -> ping.ping("b")).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.CONNECT_FAILED);
            assertThat(e.getMessage()).contains("TLS handshake");
        });
    }

    @Test
    void aProviderThatNeedsClientCertificatesRefusesConsumersWithoutOneAndServesTheOthers() {
        PingService anonymous = ping(consumer("mtls", "zkrpc.consumer.ssl.bundle=trusting"));
        PingService identified = ping(consumer("mtls", "zkrpc.consumer.ssl.bundle=mutual"));

        assertThatThrownBy(() -> anonymous.ping("c")).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.CONNECT_FAILED);
            assertThat(e.getMessage()).contains("TLS handshake");
        });
        assertThat(identified.ping("d")).isEqualTo("pong d");
    }

    private static void provider(String environment, String... properties) {
        List<String> all = new ArrayList<>(bundles);
        all.addAll(List.of(properties));
        all.addAll(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "server.ssl.bundle=server",
                "zkrpc.environment=" + environment,
                "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=0ms",
                "zkrpc.registry.address=" + zooKeeper.connectString()));
        contexts.add(new SpringApplicationBuilder(TestProviderApplication.class).properties(all.toArray(String[]::new)).run());
    }

    private static ConfigurableApplicationContext consumer(String environment, String... properties) {
        List<String> all = new ArrayList<>(bundles);
        all.addAll(List.of(properties));
        all.add("zkrpc.environment=" + environment);
        all.add("zkrpc.consumer.retries=0");
        all.add("zkrpc.registry.address=" + zooKeeper.connectString());
        ConfigurableApplicationContext consumer = new SpringApplicationBuilder(TestConsumerApplication.class)
                .web(WebApplicationType.NONE).properties(all.toArray(String[]::new)).run();
        contexts.add(consumer);
        await("the consumer to see the provider").atMost(Duration.ofSeconds(20))
                .until(() -> consumer.getBean(RpcClient.class).instances(key(environment)).size() == 1);
        return consumer;
    }

    private static PingService ping(ConfigurableApplicationContext consumer) {
        return consumer.getBean(CatalogClient.class).ping();
    }

    private static ServiceKey key(String environment) {
        return ServiceKey.of(PingService.class, "", environment);
    }

    /** A PKCS12 key store holding one self-signed EC key pair, made by the JDK's keytool. */
    private static Path keyPair(String alias, String name, String extension) throws IOException, InterruptedException {
        Path store = dir.resolve(alias + ".p12");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", name,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            command.addAll(List.of("-ext", extension));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        return store;
    }

    /** A PKCS12 trust store with the certificate of each key store. */
    private static Path trustStore(Path... keyStores) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (Path path : keyStores) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(path)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            String alias = keys.aliases().nextElement();
            trust.setCertificateEntry(alias, keys.getCertificate(alias));
        }
        Path store = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(store)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return store;
    }
}

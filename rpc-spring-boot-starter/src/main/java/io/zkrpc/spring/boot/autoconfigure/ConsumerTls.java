package io.zkrpc.spring.boot.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * Points the consumer's OkHttp client at one of Spring Boot's SSL bundles
 * ({@code zkrpc.consumer.ssl.bundle}): the bundle's trust material verifies providers that register
 * {@code https}, and its key store, when it has one, is the client certificate offered for mutual TLS.
 */
final class ConsumerTls implements Consumer<OkHttpClient.Builder> {

    private final SSLContext context;
    private final X509TrustManager trustManager;
    private final SslOptions options;

    private ConsumerTls(SSLContext context, X509TrustManager trustManager, SslOptions options) {
        this.context = context;
        this.trustManager = trustManager;
        this.options = options;
    }

    /** The bundle named {@code name}, or a start-up failure that says what is missing. */
    static ConsumerTls of(String name, SslBundles bundles) {
        if (bundles == null) {
            throw new IllegalStateException("zkrpc.consumer.ssl.bundle names the SSL bundle '" + name
                    + "', but the application has no SslBundles bean (Spring Boot's SslAutoConfiguration is not active)");
        }
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new IllegalStateException("zkrpc.consumer.ssl.bundle names the SSL bundle '" + name
                    + "', which does not exist; define it under spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem."
                    + name + " (defined bundles: " + bundles.getBundleNames() + ")", e);
        }
        return new ConsumerTls(bundle.createSslContext(), x509TrustManager(name, bundle), bundle.getOptions());
    }

    private static X509TrustManager x509TrustManager(String name, SslBundle bundle) {
        TrustManager[] managers = bundle.getManagers().getTrustManagers();
        return Arrays.stream(managers).filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException("The SSL bundle '" + name
                        + "' of zkrpc.consumer.ssl.bundle has no X.509 trust manager"));
    }

    @Override
    public void accept(OkHttpClient.Builder builder) {
        builder.sslSocketFactory(context.getSocketFactory(), trustManager);
        if (options.isSpecified()) {
            ConnectionSpec.Builder tls = new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS);
            if (options.getCiphers() != null) {
                tls.cipherSuites(options.getCiphers());
            }
            if (options.getEnabledProtocols() != null) {
                tls.tlsVersions(options.getEnabledProtocols());
            }
            // Cleartext stays allowed: the same client also calls providers that register http.
            builder.connectionSpecs(List.of(tls.build(), ConnectionSpec.CLEARTEXT));
        }
    }
}

package io.zkrpc.core.consumer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The OkHttp client an {@link RpcClient} builds when it is given none: the connect timeout, a pool
 * keeping idle connections alive for 15 s, no read or write timeout of its own (each call
 * carries its own deadline), and no redirect followed; then the customizers (the invoker still
 * follows no redirect whatever they set).
 */
final class OwnHttpClient {

    /** Below the 20 s after which Tomcat closes an idle connection, so that the pool rarely hands out a closed one. */
    private static final int KEEP_ALIVE_SECONDS = 15;

    private OwnHttpClient() {
    }

    static OkHttpClient build(Duration connectTimeout, int maxIdleConnections, List<Consumer<OkHttpClient.Builder>> customizers) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectionPool(new ConnectionPool(maxIdleConnections, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS));
        // Asynchronous calls are bounded by their timeouts rather than OkHttp's default of 5 per host;
        // each one in flight holds one of OkHttp's dispatcher threads (the caller's thread is free).
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1024);
        dispatcher.setMaxRequestsPerHost(256);
        builder.dispatcher(dispatcher);
        customizers.forEach(customizer -> customizer.accept(builder));
        return builder.build();
    }
}

package io.zkrpc.spring.boot.consumer;

import okhttp3.OkHttpClient;

/** Has the last say on the consumer's shared OkHttp client; declare it as a bean. */
@FunctionalInterface
public interface OkHttpClientCustomizer {

    void customize(OkHttpClient.Builder builder);
}

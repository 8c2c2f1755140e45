package io.zkrpc.spring.boot.consumer;

import io.zkrpc.core.consumer.RpcClient;

/**
 * A last say on the {@link RpcClient.Builder} of the auto-configured client, after the
 * {@code zkrpc.consumer.*} properties are applied; beans of this type run in their {@code @Order}.
 */
@FunctionalInterface
public interface RpcClientBuilderCustomizer {

    void customize(RpcClient.Builder builder);
}

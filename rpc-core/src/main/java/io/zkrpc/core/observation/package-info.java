/**
 * Micrometer observations of zkrpc calls: {@code zkrpc.client.requests} on the consumer side and
 * {@code zkrpc.server.requests} on the provider side (see {@link io.zkrpc.core.observation.ZkRpcObservationDocumentation}),
 * which give timers with Micrometer's meter handler and spans with Micrometer Tracing, the trace
 * context travelling in the call's attachments.
 *
 * <p>Only used when an {@code ObservationRegistry} is set ({@code RpcClient.Builder#observationRegistry},
 * {@code RpcServer.Builder#observationRegistry}, or an {@code ObservationRegistry} bean with the Spring
 * Boot starter). micrometer-observation is an optional dependency of rpc-core: without a registry no
 * class of this package, nor of Micrometer, is loaded.
 */
package io.zkrpc.core.observation;

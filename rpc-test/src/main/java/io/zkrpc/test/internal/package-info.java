/**
 * The kit's implementation: not API. Nothing here is meant to be used by tests directly, and any of it may
 * change in any release; use {@link io.zkrpc.test.ZkRpcTest}, {@link io.zkrpc.test.ZkRpcKit} and
 * {@link io.zkrpc.test.RunningProvider}.
 */
package io.zkrpc.test.internal;

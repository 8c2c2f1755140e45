/**
 * Internal, not API: the console page's servlet, its view of the registry and consumer, and its
 * figures from Micrometer. Enabled with {@code zkrpc.console.enabled=true}.
 */
package io.zkrpc.spring.boot.console.internal;

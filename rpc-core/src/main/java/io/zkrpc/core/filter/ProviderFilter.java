package io.zkrpc.core.filter;

/**
 * A {@link Filter} for the provider side: it sees each decoded call before the service bean runs.
 * With the Spring Boot starter, every bean of this type joins the provider chain, ordered by
 * {@code @Order}.
 */
public interface ProviderFilter extends Filter {
}

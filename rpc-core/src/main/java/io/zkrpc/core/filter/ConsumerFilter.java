package io.zkrpc.core.filter;

/**
 * A {@link Filter} for the consumer side: it sees each call before an instance is chosen, and may
 * proceed more than once (to retry, for example). With the Spring Boot starter, every bean of this
 * type joins the consumer chain, ordered by {@code @Order}.
 */
public interface ConsumerFilter extends Filter {
}

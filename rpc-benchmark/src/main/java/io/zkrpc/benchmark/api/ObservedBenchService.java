package io.zkrpc.benchmark.api;

/**
 * {@link BenchService} exported a second time, under its own name, so that only its calls are
 * observed (timers and spans): the target {@code zkrpc-observed} measures observed calls in the same
 * run, and the same JVMs, as the unobserved ones of {@code zkrpc}.
 */
public interface ObservedBenchService extends BenchService {
}

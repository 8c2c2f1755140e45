package io.zkrpc.benchmark.api;

/**
 * {@link BenchService} exported a second time, under its own name, so that only its calls go through
 * the governance of issue 11 (filters on both sides, attachments, a tag, the p2c balancer): the target
 * {@code zkrpc-governed} measures governed calls in the same run, and the same JVMs, as the plain ones
 * of {@code zkrpc}.
 */
public interface GovernedBenchService extends BenchService {

    /** The attachment every governed call carries, set per call, checked by a filter on each side and propagated. */
    String TENANT = "tenant";

    /** Its value. */
    String TENANT_VALUE = "bench";

    /** The provider's tag ({@code zkrpc.provider.tag}, set by bench.sh with the target), which governed calls name. */
    String TAG = "bench";
}

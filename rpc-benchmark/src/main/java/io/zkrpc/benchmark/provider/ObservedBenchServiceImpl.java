package io.zkrpc.benchmark.provider;

import io.zkrpc.benchmark.api.ObservedBenchService;
import io.zkrpc.core.annotation.RpcService;

/** The answers of {@link BenchServiceImpl}, exported as {@link ObservedBenchService}, whose calls are observed. */
@RpcService
public class ObservedBenchServiceImpl extends DelegatingBenchService implements ObservedBenchService {
}

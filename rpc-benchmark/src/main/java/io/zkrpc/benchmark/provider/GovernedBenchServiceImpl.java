package io.zkrpc.benchmark.provider;

import io.zkrpc.benchmark.api.GovernedBenchService;
import io.zkrpc.core.annotation.RpcService;

/** The answers of {@link BenchServiceImpl}, exported as {@link GovernedBenchService}, whose calls are governed (see {@link ProviderGovernance}). */
@RpcService
public class GovernedBenchServiceImpl extends DelegatingBenchService implements GovernedBenchService {
}

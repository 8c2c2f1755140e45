package io.zkrpc.benchmark.provider;

import io.zkrpc.benchmark.api.AuthBenchService;
import io.zkrpc.core.annotation.RpcService;

/** The answers of {@link BenchServiceImpl}, exported as {@link AuthBenchService}, whose calls are signed. */
@RpcService
public class AuthBenchServiceImpl extends DelegatingBenchService implements AuthBenchService {
}

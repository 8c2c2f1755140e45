package io.zkrpc.benchmark.api;

/**
 * {@link BenchService} exported a second time, under its own name, so that it can carry a secret of
 * its own ({@code zkrpc.security.services[io.zkrpc.benchmark.api.AuthBenchService].secret}, set by
 * bench.sh on both JVMs): the target {@code zkrpc-auth} measures signed calls in the same run as
 * the unsigned ones of {@code zkrpc}.
 */
public interface AuthBenchService extends BenchService {
}

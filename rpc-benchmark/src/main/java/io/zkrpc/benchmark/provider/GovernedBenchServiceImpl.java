package io.zkrpc.benchmark.provider;

import java.util.List;

import io.zkrpc.benchmark.api.BenchDto;
import io.zkrpc.benchmark.api.GovernedBenchService;
import io.zkrpc.core.annotation.RpcService;

/**
 * The answers of {@link BenchServiceImpl}, exported as {@link GovernedBenchService}, whose calls are
 * governed (see {@link ProviderGovernance}). It delegates rather than extends, so that the floor's {@code BenchServiceImpl} stays the only one of its type.
 */
@RpcService
public class GovernedBenchServiceImpl implements GovernedBenchService {

    private final BenchServiceImpl answers = new BenchServiceImpl();

    @Override
    public BenchDto findById(int id) {
        return answers.findById(id);
    }

    @Override
    public String echo(String payload) {
        return answers.echo(payload);
    }

    @Override
    public List<BenchDto> list(int count) {
        return answers.list(count);
    }

    @Override
    public String blob(int size) {
        return answers.blob(size);
    }
}

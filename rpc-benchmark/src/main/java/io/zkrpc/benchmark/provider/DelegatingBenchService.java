package io.zkrpc.benchmark.provider;

import java.util.List;

import io.zkrpc.benchmark.api.BenchDto;

/**
 * The answers of {@link BenchServiceImpl} for a second export of the same service under another
 * interface (signed, observed, governed calls). It delegates rather than extends, so that the floor's
 * {@code BenchServiceImpl} stays the only bean of its type, and declares no interface itself: each
 * subclass names the one it is exported as.
 */
public abstract class DelegatingBenchService {

    private final BenchServiceImpl answers = new BenchServiceImpl();

    public BenchDto findById(int id) {
        return answers.findById(id);
    }

    public String echo(String payload) {
        return answers.echo(payload);
    }

    public List<BenchDto> list(int count) {
        return answers.list(count);
    }

    public String blob(int size) {
        return answers.blob(size);
    }
}

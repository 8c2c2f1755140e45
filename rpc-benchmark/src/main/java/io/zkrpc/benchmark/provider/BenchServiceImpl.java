package io.zkrpc.benchmark.provider;

import java.util.List;

import io.zkrpc.benchmark.api.BenchData;
import io.zkrpc.benchmark.api.BenchDto;
import io.zkrpc.benchmark.api.BenchService;
import io.zkrpc.core.annotation.RpcService;

/** The one implementation both targets call: answers from prepared data, so it allocates nothing itself. */
@RpcService
public class BenchServiceImpl implements BenchService {

    @Override
    public BenchDto findById(int id) {
        return BenchData.dto(Math.floorMod(id, BenchData.DTO_COUNT));
    }

    @Override
    public String echo(String payload) {
        return payload;
    }

    @Override
    public List<BenchDto> list(int count) {
        return BenchData.dtos(Math.min(Math.max(count, 0), BenchData.DTO_COUNT));
    }

    @Override
    public String blob(int size) {
        return BenchData.blob(size);
    }
}

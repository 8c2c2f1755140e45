package io.zkrpc.spring.boot.e2e.api;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

public interface CatalogService {

    /** {@code host:port} of the instance that answers. */
    String whoAmI();

    Item find(int id);

    Item find(String name);

    List<Item> list(int count);

    Map<String, Item> byName(List<Integer> ids);

    int[] doubled(int[] values);

    BigDecimal sum(List<BigDecimal> values);

    LocalDateTime plusDays(LocalDateTime at, long days);

    Color next(Color color);

    String describe(Item item, Color color, long count, boolean flag);

    String nullable(String value);

    void touch();

    int reserve(int amount) throws QuotaExceededException;
}

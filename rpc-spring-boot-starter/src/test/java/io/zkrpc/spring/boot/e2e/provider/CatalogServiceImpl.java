package io.zkrpc.spring.boot.e2e.provider;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.core.env.Environment;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.spring.boot.e2e.api.CatalogService;
import io.zkrpc.spring.boot.e2e.api.Color;
import io.zkrpc.spring.boot.e2e.api.Item;
import io.zkrpc.spring.boot.e2e.api.ItemMissingException;
import io.zkrpc.spring.boot.e2e.api.QuotaExceededException;

@RpcService
public class CatalogServiceImpl implements CatalogService {

    private final Environment environment;
    private final AtomicInteger touches = new AtomicInteger();

    public CatalogServiceImpl(Environment environment) {
        this.environment = environment;
    }

    @Override
    public String whoAmI() {
        return "127.0.0.1:" + environment.getProperty("local.server.port");
    }

    @Override
    public Item find(int id) {
        if (id <= 0) {
            throw new ItemMissingException("no item " + id);
        }
        return item(id, "item-" + id);
    }

    @Override
    public Item find(String name) {
        return item(name.length(), name);
    }

    @Override
    public List<Item> list(int count) {
        List<Item> items = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            items.add(find(i));
        }
        return items;
    }

    @Override
    public Map<String, Item> byName(List<Integer> ids) {
        Map<String, Item> items = new LinkedHashMap<>();
        ids.forEach(id -> items.put("item-" + id, find(id)));
        return items;
    }

    @Override
    public int[] doubled(int[] values) {
        int[] result = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i] * 2;
        }
        return result;
    }

    @Override
    public BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Override
    public LocalDateTime plusDays(LocalDateTime at, long days) {
        return at.plusDays(days);
    }

    @Override
    public Color next(Color color) {
        return Color.values()[(color.ordinal() + 1) % Color.values().length];
    }

    @Override
    public String describe(Item item, Color color, long count, boolean flag) {
        return item.name() + "/" + color + "/" + count + "/" + flag;
    }

    @Override
    public String nullable(String value) {
        return value == null ? "was null" : null;
    }

    @Override
    public void touch() {
        touches.incrementAndGet();
    }

    /** How many calls of {@link #touch()} this instance served, so that a test can see a void call arrive. */
    public int touches() {
        return touches.get();
    }

    @Override
    public int reserve(int amount) throws QuotaExceededException {
        if (amount > 10) {
            throw new QuotaExceededException("quota is 10, asked " + amount);
        }
        if (amount < 0) {
            throw new IllegalArgumentException("negative amount " + amount);
        }
        return amount;
    }

    private Item item(int id, String name) {
        return new Item(id, name, Color.GREEN, new BigDecimal("10.50").multiply(BigDecimal.valueOf(id)),
                LocalDateTime.of(2026, 11, 25, 12, 0, 0, 123_456_789), List.of("a", "b"), whoAmI());
    }
}

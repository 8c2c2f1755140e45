package io.zkrpc.demo.provider;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.demo.api.Order;
import io.zkrpc.demo.api.OrderService;
import io.zkrpc.demo.api.OrderStatus;

@RpcService
public class OrderServiceImpl implements OrderService {

    private static final BigDecimal ITEM_PRICE = new BigDecimal("9.99");

    private final InstanceName instance;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Integer, List<Order>> orders = new ConcurrentHashMap<>();

    public OrderServiceImpl(InstanceName instance) {
        this.instance = instance;
    }

    @Override
    public Order place(int userId, List<String> items) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("An order needs at least one item");
        }
        Order order = new Order(ids.incrementAndGet(), userId, List.copyOf(items),
                ITEM_PRICE.multiply(BigDecimal.valueOf(items.size())), OrderStatus.NEW, instance.get());
        orders.computeIfAbsent(userId, key -> new CopyOnWriteArrayList<>()).add(order);
        return order;
    }

    @Override
    public List<Order> ordersOf(int userId) {
        return List.copyOf(orders.getOrDefault(userId, List.of()));
    }

    @Override
    public BigDecimal totalOf(int userId) {
        return ordersOf(userId).stream().map(Order::total).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

package io.zkrpc.demo.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.demo.api.Order;
import io.zkrpc.demo.api.OrderService;
import io.zkrpc.demo.api.UserNotFoundException;
import io.zkrpc.demo.api.UserService;

/** The demo's calls; the proxies come in through the constructor. */
@Component
public class DemoCalls {

    private final UserService users;
    private final OrderService orders;
    private final AtomicInteger counter = new AtomicInteger();

    public DemoCalls(@RpcReference UserService users, @RpcReference OrderService orders) {
        this.users = users;
        this.orders = orders;
    }

    /** {@code count} calls, each reported as {@code call N served by HOST:PORT}. */
    public synchronized List<String> call(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("call " + counter.incrementAndGet() + " served by " + users.find(1).servedBy());
        }
        return lines;
    }

    /**
     * {@code Hello, NAME}, or {@code Hello, guest} when the user service cannot answer (no instance, timeout,
     * provider failure): the page still renders. A user the service does not know is not a failure of the service.
     */
    public String greeting(int userId) {
        try {
            return "Hello, " + users.find(userId).name();
        } catch (RpcException e) {
            return "Hello, guest";
        }
    }

    /** One call of each kind: overload, generic collections, enum and decimal, business exception. */
    public List<String> tour() {
        List<String> lines = new ArrayList<>();
        lines.add("find(\"grace\") -> " + users.find("grace").name());
        lines.add("findAll() -> " + users.findAll().size() + " users");
        lines.add("byName([1, 3]) -> " + new TreeMap<>(users.byName(List.of(1, 3))).keySet());
        Order order = orders.place(1, List.of("book", "pen"));
        lines.add("place(1, [book, pen]) -> order " + order.id() + " " + order.status() + " total " + order.total());
        try {
            users.find(42);
        } catch (UserNotFoundException e) {
            lines.add("find(42) -> UserNotFoundException: " + e.getMessage());
        }
        return lines;
    }
}

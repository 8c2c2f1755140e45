package io.zkrpc.demo.api;

import java.math.BigDecimal;
import java.util.List;

/** Orders of the demo. */
public interface OrderService {

    /**
     * @throws IllegalArgumentException when {@code items} is empty
     */
    Order place(int userId, List<String> items);

    List<Order> ordersOf(int userId);

    BigDecimal totalOf(int userId);
}

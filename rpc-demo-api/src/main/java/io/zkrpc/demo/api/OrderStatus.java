package io.zkrpc.demo.api;

/** Where an order stands. */
public enum OrderStatus {
    NEW, PAID, SHIPPED
}

package io.zkrpc.spring.boot.e2e.api;

public enum Color {
    RED, GREEN
}

package io.zkrpc.spring.boot.observation.api;

/** Provider A's service, which asks provider B for the name it greets. */
public interface GreetingService {

    /** Greets the full name of {@code name}; throws {@link UnknownNameException} for an empty one. */
    String greet(String name);
}

package io.zkrpc.spring.boot.observation.api;

/** Provider B's service. */
public interface NameService {

    /** The full name of {@code name}; throws {@link UnknownNameException} for an empty one. */
    String fullName(String name);
}

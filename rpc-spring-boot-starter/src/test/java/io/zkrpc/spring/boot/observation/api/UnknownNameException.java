package io.zkrpc.spring.boot.observation.api;

/** The services' own exception. */
public class UnknownNameException extends RuntimeException {

    public UnknownNameException(String message) {
        super(message);
    }
}

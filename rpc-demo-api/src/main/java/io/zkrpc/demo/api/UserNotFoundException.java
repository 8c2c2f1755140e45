package io.zkrpc.demo.api;

/** Thrown by {@link UserService} for a user that does not exist; reaches consumers as itself. */
public class UserNotFoundException extends RuntimeException {

    public UserNotFoundException(String message) {
        super(message);
    }
}

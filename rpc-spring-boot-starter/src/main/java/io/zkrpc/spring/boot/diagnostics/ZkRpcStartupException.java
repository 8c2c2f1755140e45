package io.zkrpc.spring.boot.diagnostics;

/**
 * Stops the start of an application that zkrpc cannot serve as configured. Spring Boot reports it
 * as "APPLICATION FAILED TO START" with its message as the description and {@link #getAction()}
 * as what to do, without a stack trace.
 */
public class ZkRpcStartupException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * @param description what is wrong, naming the property or the point it comes from
     * @param action what to do about it
     */
    public ZkRpcStartupException(String description, String action) {
        this(description, action, null);
    }

    /**
     * @param description what is wrong, naming the property or the point it comes from
     * @param action what to do about it
     * @param cause the failure that revealed it, or {@code null}
     */
    public ZkRpcStartupException(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    /** What to do about it. */
    public String getAction() {
        return action;
    }
}

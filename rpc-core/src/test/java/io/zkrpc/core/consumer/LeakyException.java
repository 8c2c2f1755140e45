package io.zkrpc.core.consumer;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A declared exception with getters that must never travel, as framework exceptions have them
 * (Spring's {@code getRootCause()}, a response body stream, a lazy load that throws outside its
 * session); only {@code item} is fit to send.
 */
public class LeakyException extends Exception {

    private final String item;
    private final Throwable rootCause;

    public LeakyException(String item, Throwable rootCause) {
        super("leaky " + item, rootCause);
        this.item = item;
        this.rootCause = rootCause;
    }

    public String getItem() {
        return item;
    }

    public Throwable getRootCause() {
        return rootCause;
    }

    public List<Throwable> getHistory() {
        return List.of(rootCause);
    }

    public Class<?> getOrigin() {
        return LeakyException.class;
    }

    /** Declared as {@code Object}, a stack frame at run time. */
    public Object getFrame() {
        return rootCause.getStackTrace()[0];
    }

    /** Declared as {@code Object}, a list holding a throwable at run time. */
    public Object getCauses() {
        return List.of("first", rootCause);
    }

    /** How many times {@link #getBody()} ran: a getter of a type never sent is never even called. */
    static final AtomicInteger BODIES_OPENED = new AtomicInteger();

    public InputStream getBody() {
        BODIES_OPENED.incrementAndGet();
        return new ByteArrayInputStream("secret body".getBytes(StandardCharsets.UTF_8));
    }

    public Method getHandler() throws NoSuchMethodException {
        return LeakyException.class.getMethod("getItem");
    }

    /** A record whose {@code error} component must be left out of it. */
    public Incident getIncident() {
        return new Incident("INC-1", rootCause);
    }

    /** An incident report, as a service might attach one. */
    public record Incident(String id, Throwable error) {
    }

    public String getLazy() {
        throw new IllegalStateException("could not initialize proxy - no Session");
    }
}

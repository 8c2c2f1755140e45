package io.zkrpc.core.testsupport;

/**
 * An exception whose class says, through a system property, that it was initialised: a consumer
 * must never initialise (nor rebuild) a type that a reply merely names.
 */
public class Tripwire extends RuntimeException {

    /** The system property the class sets when it is initialised. */
    public static final String PROPERTY = "zkrpc.test.tripwire-initialised";

    static {
        System.setProperty(PROPERTY, "true");
    }

    public Tripwire(String message) {
        super(message);
    }
}

package io.zkrpc.registry.zk;

/** The newer contract of the greeting service: {@link #shout} is what the rolling upgrade adds. */
public interface Greeter {

    String greet(String name);

    String shout(String name);

    /** The contract before the upgrade, whose method list the not-yet-upgraded instances publish. */
    interface Before {

        String greet(String name);
    }
}

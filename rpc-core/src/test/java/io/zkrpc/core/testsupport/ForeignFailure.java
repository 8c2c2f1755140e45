package io.zkrpc.core.testsupport;

/** An unchecked exception of a package other than the service interface's. */
public class ForeignFailure extends RuntimeException {

    private final String item;

    public ForeignFailure(String item) {
        super("foreign " + item);
        this.item = item;
    }

    public String getItem() {
        return item;
    }
}

package io.zkrpc.core.internal.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The warning of a provider that anyone on the network could call: it listens beyond loopback and checks no signature. */
public final class ExposureWarning {

    private ExposureWarning() {
    }

    /**
     * The warning for a provider bound to {@code bindAddress} ({@code null} or blank for every
     * interface), or {@code null} when there is nothing to warn about.
     */
    public static String of(String bindAddress, boolean authenticated) {
        if (authenticated || loopback(bindAddress)) {
            return null;
        }
        String where = bindAddress == null || bindAddress.isBlank() ? "every network interface" : bindAddress;
        return "The zkrpc provider serves on " + where + " and accepts unsigned calls from anyone who reaches it:"
                + " set zkrpc.security.secret (the same on consumers), or bind it to a loopback address";
    }

    private static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

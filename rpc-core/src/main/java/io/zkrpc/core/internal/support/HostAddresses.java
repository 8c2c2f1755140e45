package io.zkrpc.core.internal.support;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Finds the address a provider announces when none is configured. */
public final class HostAddresses {

    private HostAddresses() {
    }

    /**
     * The first site-local IPv4 address of an interface that is up, not loopback and not
     * virtual; else any such non-loopback IPv4 address; else {@code 127.0.0.1}.
     */
    public static String detect() {
        String fallback = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || nic.isPointToPoint()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        if (address.isSiteLocalAddress()) {
                            return address.getHostAddress();
                        }
                        fallback = fallback == null ? address.getHostAddress() : fallback;
                    }
                }
            }
        } catch (SocketException e) {
            return "127.0.0.1";
        }
        return fallback == null ? "127.0.0.1" : fallback;
    }
}

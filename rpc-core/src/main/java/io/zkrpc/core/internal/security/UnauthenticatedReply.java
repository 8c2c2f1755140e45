package io.zkrpc.core.internal.security;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;

/** A consumer's failure for a 401 or 403 that zkrpc did not write: something in front of the endpoint refused the call. */
public final class UnauthenticatedReply {

    private UnauthenticatedReply() {
    }

    /** Whether {@code status}, without a zkrpc error body, means that something else refused the call. */
    public static boolean isForeign(int status) {
        return status == 401 || status == 403;
    }

    /** The failure of the call {@code where} (the call and instance) refused with {@code status} at {@code url}. */
    public static RpcException of(int status, String where, String url) {
        return new RpcException(RpcErrorCode.UNAUTHENTICATED, where + " got HTTP " + status + " without a zkrpc answer:"
                + " something in front of the provider refused the call, most likely Spring Security in the provider"
                + (status == 403 ? " (CSRF protection)" : "") + " or a proxy; let " + url
                + " through it (see the README's Security section; zkrpc checks calls itself with zkrpc.security.secret)");
    }
}

package io.zkrpc.core.internal.codec;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.MethodDescriptor;

/** The refusals of a malformed request, in the same words whichever codec it came in. */
final class RequestErrors {

    private RequestErrors() {
    }

    /** {@code BAD_REQUEST}: "Malformed request: " and {@code message}. */
    static RpcException badRequest(String message, Throwable cause) {
        return new RpcException(RpcErrorCode.BAD_REQUEST, "Malformed request: " + message, cause);
    }

    /** Argument {@code index} of {@code method} does not fit its declared type (naming the enum constant when that is why). */
    static RpcException badArgument(MethodDescriptor method, int index, Throwable cause) {
        String enumMismatch = cause == null ? null : WireFormat.enumMismatch(cause);
        return badRequest("argument " + index + " of " + method.signature() + " does not fit its declared type"
                + (enumMismatch == null ? "" : ": " + enumMismatch), cause);
    }

    /** The request has {@code count} arguments where {@code method} takes another number. */
    static RpcException argumentCount(int count, MethodDescriptor method) {
        return badRequest(method.signature() + " takes " + method.parameterCount() + " argument(s), the request has " + count, null);
    }

    /** Fails unless {@code method} takes exactly {@code count} arguments. */
    static void checkCount(int count, MethodDescriptor method) {
        if (count != method.parameterCount()) {
            throw argumentCount(count, method);
        }
    }
}

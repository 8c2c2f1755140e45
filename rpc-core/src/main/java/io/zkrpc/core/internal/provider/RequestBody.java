package io.zkrpc.core.internal.provider;

import java.io.IOException;
import java.io.InputStream;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;

/** Reads a request body within a size limit, so that one caller cannot exhaust the heap. */
final class RequestBody {

    private RequestBody() {
    }

    /**
     * Reads at most {@code maxRequestSize} bytes; a body whose length the transport knows
     * ({@code contentLength}, else -1) is read into an array of exactly that size.
     *
     * @throws RpcException {@code PAYLOAD_TOO_LARGE} for a larger body, {@code BAD_REQUEST} for one
     *                      shorter than its announced length
     */
    static byte[] read(InputStream body, long contentLength, int maxRequestSize) throws IOException {
        if (contentLength > maxRequestSize) {
            throw tooLarge(maxRequestSize);
        }
        if (contentLength >= 0) {
            byte[] bytes = new byte[(int) contentLength];
            if (body.readNBytes(bytes, 0, bytes.length) < bytes.length) {
                throw new RpcException(RpcErrorCode.BAD_REQUEST, "Malformed request: the body is shorter than its "
                        + contentLength + " bytes");
            }
            return bytes;
        }
        byte[] bytes = body.readNBytes(maxRequestSize);
        if (body.read() != -1) {
            throw tooLarge(maxRequestSize);
        }
        return bytes;
    }

    private static RpcException tooLarge(int maxRequestSize) {
        return new RpcException(RpcErrorCode.PAYLOAD_TOO_LARGE, "The request is larger than " + maxRequestSize + " bytes");
    }
}

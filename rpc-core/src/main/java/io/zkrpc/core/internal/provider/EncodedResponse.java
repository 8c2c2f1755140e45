package io.zkrpc.core.internal.provider;

import java.io.IOException;
import java.io.OutputStream;

import io.zkrpc.core.internal.codec.EncodedJson;

/**
 * What the provider endpoint writes back: an HTTP status and a body of a known length in
 * the codec the request came in (JSON by default). A
 * result stays in the encoder's buffer until {@link #writeTo written}; an error is a small array.
 */
public final class EncodedResponse {

    /** The media type of JSON bodies, the default. */
    public static final String CONTENT_TYPE = "application/json";

    private final int status;
    private final byte[] bytes;
    private final EncodedJson json;
    private final String contentType;

    /**
     * @param status 200 with the result as body, or the status of the error code with a
     *               {@link io.zkrpc.core.internal.codec.RemoteError} as body
     * @param body UTF-8 JSON (an error, or a result encoded outside the dispatcher)
     */
    public EncodedResponse(int status, byte[] body) {
        this(status, body, CONTENT_TYPE);
    }

    /**
     * @param status as {@link #EncodedResponse(int, byte[])}
     * @param body the body, in the codec the request came in
     * @param contentType the body's media type: that of the codec the request came in
     */
    public EncodedResponse(int status, byte[] body, String contentType) {
        this.status = status;
        this.bytes = body;
        this.json = null;
        this.contentType = contentType;
    }

    EncodedResponse(int status, EncodedJson body) {
        this.status = status;
        this.bytes = null;
        this.json = body;
        this.contentType = CONTENT_TYPE;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The body's media type, for {@code Content-Type}. */
    public String contentType() {
        return contentType;
    }

    /** The body's length in bytes, to announce before {@link #writeTo writing} it. */
    public int length() {
        return bytes != null ? bytes.length : json.size();
    }

    /** A copy of the body (for tests and logs); the transport writes it with {@link #writeTo}. */
    public byte[] body() {
        return bytes != null ? bytes.clone() : json.toBytes();
    }

    /** Writes the body to {@code out}, once. */
    public void writeTo(OutputStream out) throws IOException {
        if (bytes != null) {
            out.write(bytes);
        } else {
            json.writeTo(out);
        }
    }
}

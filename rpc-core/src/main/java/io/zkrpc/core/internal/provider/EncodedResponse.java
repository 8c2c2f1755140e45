package io.zkrpc.core.internal.provider;

/**
 * What the provider endpoint writes back: an HTTP status, a body and its media type.
 *
 * @param status 200 with the result as body, or the status of the error code with a
 *               {@link io.zkrpc.core.internal.codec.RemoteError} as body
 * @param body UTF-8 JSON, or JSONB when the request came in JSONB
 * @param contentType the body's media type: that of the codec the request came in
 */
public record EncodedResponse(int status, byte[] body, String contentType) {

    /** The media type of JSON bodies, the default. */
    public static final String CONTENT_TYPE = "application/json";

    /** A JSON response. */
    public EncodedResponse(int status, byte[] body) {
        this(status, body, CONTENT_TYPE);
    }
}

package io.zkrpc.core.internal.provider;

/**
 * What the provider endpoint writes back: an HTTP status and a JSON body.
 *
 * @param status 200 with the result as body, or the status of the error code with a
 *               {@link io.zkrpc.core.internal.codec.RemoteError} as body
 * @param body UTF-8 JSON
 */
public record EncodedResponse(int status, byte[] body) {

    /** The media type of every body. */
    public static final String CONTENT_TYPE = "application/json";
}

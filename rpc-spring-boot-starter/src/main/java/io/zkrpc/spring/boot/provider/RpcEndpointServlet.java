package io.zkrpc.spring.boot.provider;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.provider.EncodedResponse;
import io.zkrpc.core.provider.ProviderDispatcher;

/**
 * The provider endpoint on the application's own web server: a plain servlet (no
 * {@code DispatcherServlet} in the way) handing each POST body to the {@link ProviderDispatcher}.
 */
public class RpcEndpointServlet extends HttpServlet {

    private final transient ProviderDispatcher dispatcher;
    private final int maxRequestSize;

    public RpcEndpointServlet(ProviderDispatcher dispatcher, int maxRequestSize) {
        this.dispatcher = dispatcher;
        this.maxRequestSize = maxRequestSize;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        EncodedResponse answer = request.getContentLengthLong() > maxRequestSize
                ? dispatcher.error(RpcErrorCode.PAYLOAD_TOO_LARGE, "The request is larger than " + maxRequestSize + " bytes", null)
                : dispatcher.dispatch(request.getInputStream(), maxRequestSize);
        response.setStatus(answer.status());
        response.setContentType(EncodedResponse.CONTENT_TYPE);
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}

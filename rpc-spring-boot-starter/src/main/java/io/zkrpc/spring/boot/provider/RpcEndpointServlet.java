package io.zkrpc.spring.boot.provider;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.internal.provider.EncodedResponse;
import io.zkrpc.core.internal.provider.ProviderDispatcher;

/**
 * The provider endpoint on the application's own web server: a plain servlet (no
 * {@code DispatcherServlet} in the way) handing each POST body to the {@link ProviderDispatcher}.
 * A method returning a future that is not complete yet frees the request thread (servlet async).
 */
public class RpcEndpointServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(RpcEndpointServlet.class);

    private final transient ProviderDispatcher dispatcher;
    private final int maxRequestSize;

    /**
     * Serves the calls of {@code dispatcher}; a request larger than {@code maxRequestSize} bytes is
     * refused with an error rather than buffered whole.
     */
    public RpcEndpointServlet(ProviderDispatcher dispatcher, int maxRequestSize) {
        this.dispatcher = dispatcher;
        this.maxRequestSize = maxRequestSize;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CompletableFuture<EncodedResponse> answer = dispatcher.dispatch(request.getInputStream(),
                request.getContentLengthLong(), maxRequestSize, System.nanoTime(), request::getHeader);
        if (answer.isDone()) {
            write(answer.join(), response);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        answer.whenComplete((encoded, failure) -> {
            try {
                write(encoded, (HttpServletResponse) async.getResponse());
            } catch (IOException | RuntimeException e) {
                log.debug("Could not write an asynchronous answer: {}", e.toString());
            } finally {
                async.complete();
            }
        });
    }

    private static void write(EncodedResponse answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.status());
        response.setContentType(EncodedResponse.CONTENT_TYPE);
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}

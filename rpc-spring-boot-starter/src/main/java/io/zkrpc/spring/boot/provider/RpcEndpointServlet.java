package io.zkrpc.spring.boot.provider;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.internal.provider.EncodedResponse;
import io.zkrpc.core.internal.provider.EndpointGuard;
import io.zkrpc.core.internal.provider.ProviderDispatcher;

/**
 * The provider endpoint on the application's own web server: a plain servlet (no
 * {@code DispatcherServlet} in the way) handing each POST body to the {@link ProviderDispatcher}.
 * A method returning a future that is not complete yet frees the request thread (servlet async).
 *
 * <p>A request with another content type than {@code application/json} or JSONB's, or from a web page whose
 * origin is not allowed, is refused before its body is read. The body is read within the
 * dispatcher's time limits, checked between reads; a connection that sends nothing at all is
 * ended by the web server's own read timeout ({@code server.tomcat.connection-timeout}, 60 s
 * unless set). After refusing a body early, Tomcat still reads what remains of it (at most
 * {@code server.tomcat.max-swallow-size}, 2 MB) before closing the connection.
 */
public class RpcEndpointServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(RpcEndpointServlet.class);

    private final transient ProviderDispatcher dispatcher;
    private final int maxRequestSize;
    private final transient EndpointGuard guard;

    /**
     * Serves the calls of {@code dispatcher}; a request larger than {@code maxRequestSize} bytes is
     * refused with an error rather than buffered whole. No web page may call.
     */
    public RpcEndpointServlet(ProviderDispatcher dispatcher, int maxRequestSize) {
        this(dispatcher, maxRequestSize, new EndpointGuard(List.of()));
    }

    /**
     * Serves the calls of {@code dispatcher} within {@code maxRequestSize} bytes, refusing what
     * {@code guard} refuses from the headers alone.
     */
    public RpcEndpointServlet(ProviderDispatcher dispatcher, int maxRequestSize, EndpointGuard guard) {
        this.dispatcher = dispatcher;
        this.maxRequestSize = maxRequestSize;
        this.guard = guard;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<EndpointGuard.Refusal> refusal = guard.refusal(request.getMethod(), request.getContentType(), request.getHeader("Origin"));
        if (refusal.isPresent()) {
            write(dispatcher.refuse(refusal.get().code(), refusal.get().message(), caller(request)), response);
            return;
        }
        CompletableFuture<EncodedResponse> answer = dispatcher.dispatch(request.getInputStream(),
                request.getContentLengthLong(), maxRequestSize, System.nanoTime(), request::getHeader, caller(request));
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

    /** The caller's address for the observers, asked of the request only when there is one. */
    private String caller(HttpServletRequest request) {
        return dispatcher.observesCallers() ? request.getRemoteAddr() : null;
    }

    private static void write(EncodedResponse answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        // A known length: small answers go out in one piece, with no chunked framing; a result is written from the encoder's buffer.
        response.setContentLength(answer.length());
        answer.writeTo(response.getOutputStream());
    }
}

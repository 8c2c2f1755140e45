package io.zkrpc.benchmark.provider;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.alibaba.fastjson2.JSON;

import io.zkrpc.benchmark.api.BenchService;

/**
 * The floor of the {@code RATIO} lines: the same hand-written call as {@link FloorController} but on a
 * plain servlet, registered as zkrpc's own endpoint is (a {@code ServletRegistrationBean} loaded on
 * start-up, behind the same servlet filters), with no {@code DispatcherServlet} in the way.
 * {@code POST /floor-servlet/{method}}. It reads the body as zkrpc's endpoint does: exactly
 * {@code Content-Length} bytes into an array of that size, with no scratch buffer and no copy;
 * a request without that header, with a shorter body, or larger than {@link #MAX_BODY} gets a 4xx.
 */
final class FloorServlet extends HttpServlet {

    /** The largest body read, zkrpc's default {@code zkrpc.provider.max-request-size}. */
    static final int MAX_BODY = 8 * 1024 * 1024;

    private final transient BenchService service;

    FloorServlet(BenchService service) {
        this.service = service;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        long length = request.getContentLengthLong();
        if (length < 0) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Content-Length is required");
            return;
        }
        if (length > MAX_BODY) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "the body is larger than " + MAX_BODY + " bytes");
            return;
        }
        byte[] body = new byte[(int) length];
        if (request.getInputStream().readNBytes(body, 0, body.length) < body.length) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "the body is shorter than its Content-Length of " + length + " bytes");
            return;
        }
        byte[] answer = switch (method) {
            case "findById" -> JSON.toJSONBytes(service.findById(JSON.parseObject(body, int.class)));
            case "echo" -> JSON.toJSONBytes(service.echo(JSON.parseObject(body, String.class)));
            case "list" -> JSON.toJSONBytes(service.list(JSON.parseObject(body, int.class)));
            case "blob" -> JSON.toJSONBytes(service.blob(JSON.parseObject(body, int.class)));
            default -> null;
        };
        if (answer == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no method " + method);
            return;
        }
        response.setContentType("application/json");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }
}

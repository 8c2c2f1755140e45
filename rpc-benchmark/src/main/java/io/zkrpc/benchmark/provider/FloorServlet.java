package io.zkrpc.benchmark.provider;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.alibaba.fastjson2.JSON;

import io.zkrpc.benchmark.api.BenchService;

/**
 * The stricter floor, opt-in ({@code --targets floor-servlet,…}): the same hand-written call as
 * {@link FloorController} but on a plain servlet, with no {@code DispatcherServlet} in the way, as
 * zkrpc's own endpoint is. {@code POST /floor-servlet/{method}}.
 */
final class FloorServlet extends HttpServlet {

    private final transient BenchService service;

    FloorServlet(BenchService service) {
        this.service = service;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        byte[] body = request.getInputStream().readAllBytes();
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

package io.zkrpc.spring.boot.console.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;

/**
 * Serves the console: the page, its script and style sheet (read once from the jar), and its
 * figures as JSON under {@code /data}, all by GET. The page loads nothing from elsewhere and its
 * content security policy lets nothing but its own script run, so that what providers write into
 * the registry is only ever shown as text.
 */
public final class ConsoleServlet extends HttpServlet {

    private static final String RESOURCES = "/io/zkrpc/spring/boot/console/";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final transient ConsoleView view;
    private final Map<String, Asset> assets;

    /** Serves the page and the figures of {@code view}. */
    public ConsoleServlet(ConsoleView view) {
        this.view = view;
        this.assets = Map.of(
                "/", Asset.load("index.html", "text/html;charset=UTF-8"),
                "/console.js", Asset.load("console.js", "text/javascript;charset=UTF-8"),
                "/console.css", Asset.load("console.css", "text/css;charset=UTF-8"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            // Relative links of the page resolve against the path with its trailing slash. Built from the
            // mapped paths, never from the raw request URI (which may hold "//host/..;/" and redirect elsewhere).
            response.sendRedirect(request.getContextPath() + request.getServletPath() + "/");
            return;
        }
        headers(response);
        if (path.equals("/data")) {
            byte[] body = JSON.toJSONBytes(view.take(), JSONWriter.Feature.WriteNulls);
            response.setHeader("Cache-Control", "no-store");
            write(response, "application/json", body);
            return;
        }
        Asset asset = assets.get(path);
        if (asset == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("Cache-Control", "no-cache");
        write(response, asset.contentType(), asset.body());
    }

    private static void headers(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
    }

    private static void write(HttpServletResponse response, String contentType, byte[] body) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private record Asset(String contentType, byte[] body) {

        static Asset load(String name, String contentType) {
            try (InputStream in = ConsoleServlet.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new IllegalStateException("The console's " + name + " is missing from the starter's jar");
                }
                return new Asset(contentType, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

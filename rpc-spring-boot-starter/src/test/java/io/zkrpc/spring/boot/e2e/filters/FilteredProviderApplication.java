package io.zkrpc.spring.boot.e2e.filters;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;

import io.zkrpc.core.annotation.RpcService;

/**
 * A provider with an MVC endpoint beside its RPC endpoint, and a filter of its own, last in the
 * chain, that notes what the filters before it left on each request.
 */
@SpringBootApplication
public class FilteredProviderApplication {

    /** What the application's own filter saw of one request. */
    public record Seen(String characterEncoding, boolean requestContext, Set<String> filtered) {
    }

    /** The last request seen on each servlet path. */
    public static final class Probe {
        final Map<String, Seen> byPath = new ConcurrentHashMap<>();

        public Seen on(String path) {
            return byPath.get(path);
        }
    }

    @Bean
    Probe probe() {
        return new Probe();
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    Filter probeFilter(Probe probe) {
        return (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            Set<String> filtered = new TreeSet<>();
            // OncePerRequestFilter marks a request it is filtering with "<filter name>.FILTERED".
            for (String name : Collections.list(http.getAttributeNames())) {
                if (name.endsWith(".FILTERED")) {
                    filtered.add(name.substring(0, name.length() - ".FILTERED".length()));
                }
            }
            probe.byPath.put(http.getServletPath(), new Seen(http.getCharacterEncoding(),
                    RequestContextHolder.getRequestAttributes() != null, filtered));
            chain.doFilter(request, response);
        };
    }

    public interface ContextService {
        /** Whether the call runs with Spring's request context: "set" or "none". */
        String requestContext();
    }

    @RpcService
    public static class ContextServiceImpl implements ContextService {
        @Override
        public String requestContext() {
            return RequestContextHolder.getRequestAttributes() == null ? "none" : "set";
        }
    }

    @RestController
    public static class HelloController {
        @GetMapping("/hello")
        String hello() {
            return RequestContextHolder.getRequestAttributes() == null ? "none" : "set";
        }
    }
}

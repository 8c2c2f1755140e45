package io.zkrpc.spring.boot.e2e.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.filter.RequestContextFilter;

import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.e2e.filters.FilteredProviderApplication.Probe;
import io.zkrpc.spring.boot.e2e.filters.FilteredProviderApplication.Seen;

/**
 * Spring Boot's default servlet filters (character encoding, form content, request context) do not
 * wrap the RPC endpoint, while the application's MVC endpoint and every other filter keep them;
 * over HTTP on 127.0.0.1.
 */
class DefaultFiltersEndToEndTests {

    private static final Set<String> DEFAULT_FILTERS = Set.of("characterEncodingFilter", "formContentFilter", "requestContextFilter");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDefaultFiltersSkipTheRpcEndpointOnly() throws Exception {
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
                ConfigurableApplicationContext provider = start(zooKeeper)) {
            HttpResponse<String> rpc = call(provider);
            HttpResponse<String> mvc = hello(provider);
            Probe probe = provider.getBean(Probe.class);
            Seen onRpc = probe.on("/zkrpc");
            Seen onMvc = probe.on("/hello");

            assertThat(rpc.statusCode()).isEqualTo(200);
            assertThat(rpc.body()).as("the service method, without a request context").isEqualTo("\"none\"");
            assertThat(onRpc.filtered()).as("filters that ran on the RPC endpoint").doesNotContainAnyElementsOf(DEFAULT_FILTERS);
            assertThat(onRpc.requestContext()).isFalse();
            assertThat(onRpc.characterEncoding()).as("no encoding forced on the RPC request").isNull();

            assertThat(mvc.body()).isEqualTo("set");
            assertThat(onMvc.filtered()).containsAll(DEFAULT_FILTERS);
            assertThat(onMvc.requestContext()).isTrue();
            assertThat(onMvc.characterEncoding()).isEqualTo("UTF-8");

            Set<String> others = new TreeSet<>(onMvc.filtered());
            others.removeAll(DEFAULT_FILTERS);
            assertThat(onRpc.filtered()).as("every other filter still wraps the RPC endpoint").isEqualTo(others);
            assertThat(provider.getBeanProvider(CharacterEncodingFilter.class).getIfUnique()).isNotNull();
            assertThat(provider.getBeanProvider(FormContentFilter.class).getIfUnique()).isNotNull();
            assertThat(provider.getBeanProvider(RequestContextFilter.class).getIfUnique()).isNotNull();
        }
    }

    @Test
    void keptOnTheRpcEndpointWhenNotSkipped() throws Exception {
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
                ConfigurableApplicationContext provider = start(zooKeeper, "zkrpc.provider.skip-default-filters=false")) {
            HttpResponse<String> rpc = call(provider);
            Seen onRpc = provider.getBean(Probe.class).on("/zkrpc");

            assertThat(rpc.body()).isEqualTo("\"set\"");
            assertThat(onRpc.filtered()).containsAll(DEFAULT_FILTERS);
            assertThat(onRpc.characterEncoding()).isEqualTo("UTF-8");
        }
    }

    private static ConfigurableApplicationContext start(EmbeddedZooKeeper zooKeeper, String... more) {
        return new SpringApplicationBuilder(FilteredProviderApplication.class).properties(
                "server.port=0", "server.address=127.0.0.1", "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=0ms", "zkrpc.registry.address=" + zooKeeper.connectString())
                .properties(more).run();
    }

    private HttpResponse<String> call(ConfigurableApplicationContext provider) throws Exception {
        String body = "{\"service\":\"" + FilteredProviderApplication.ContextService.class.getName()
                + "\",\"method\":\"requestContext\",\"parameterTypes\":[],\"args\":[]}";
        return http.send(HttpRequest.newBuilder(URI.create(base(provider) + "/zkrpc")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> hello(ConfigurableApplicationContext provider) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base(provider) + "/hello")).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base(ConfigurableApplicationContext provider) {
        return "http://127.0.0.1:" + provider.getEnvironment().getRequiredProperty("local.server.port");
    }
}

package io.zkrpc.spring.boot.console;

import static io.zkrpc.spring.boot.console.ConsoleCluster.address;
import static io.zkrpc.spring.boot.console.ConsoleCluster.consoleUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;

/** The console over plain HTTP, without a browser: off by default, and the shape of its data. */
class ConsoleHttpTests {

    private static ConsoleCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new ConsoleCluster();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The tagged provider is called, so its own page has server-side figures: without a browser, so
     * that a routing change starving it shows in every build, not only where Chromium runs.
     */
    @Test
    void theTaggedProvidersDataCountsTheCallsItServes() {
        String url = consoleUrl(cluster.consoleProvider) + "data";
        await("server-side calls in " + url).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JSONObject data = JSON.parseObject(cluster.get(url).body());
            return data.getJSONArray("methods").stream().map(JSONObject.class::cast)
                    .anyMatch(row -> "server".equals(row.getString("side")) && row.getLongValue("calls") > 0);
        });
    }

    @Test
    void consoleIsNotFoundUnlessEnabled() throws Exception {
        assertThat(cluster.get(consoleUrl(cluster.plainProvider)).statusCode()).isEqualTo(404);
        assertThat(cluster.get(consoleUrl(cluster.plainProvider) + "data").statusCode()).isEqualTo(404);
        assertThat(cluster.get(consoleUrl(cluster.plainProvider) + "console.js").statusCode()).isEqualTo(404);
    }

    @Test
    void pageScriptAndStyleAreServedWithAPolicyThatRunsNoOtherScript() throws Exception {
        HttpResponse<String> page = cluster.get(consoleUrl(cluster.consumer));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(page.body()).contains("console.js", "console.css").doesNotContain("http://", "https://");
        assertThat(cluster.get(consoleUrl(cluster.consumer) + "console.js").body()).contains("textContent").doesNotContain("innerHTML");
        assertThat(cluster.get(consoleUrl(cluster.consumer) + "console.css").statusCode()).isEqualTo(200);
    }

    @Test
    void pathWithoutTrailingSlashRedirectsToThePage() throws Exception {
        String url = consoleUrl(cluster.consumer);
        HttpResponse<String> response = cluster.get(url.substring(0, url.length() - 1));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/zkrpc/console/"));
    }

    /** The redirect is built from the mapped path: a raw URI that Tomcat maps here never chooses where it points. */
    @Test
    void redirectNeverEchoesTheRawRequestUri() throws Exception {
        String url = consoleUrl(cluster.consumer);
        String origin = url.substring(0, url.indexOf("/zkrpc/console/"));
        HttpResponse<String> response = cluster.get(origin + "/evil.example/..;/zkrpc/console");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .doesNotContain("evil.example").endsWith("/zkrpc/console/"));
    }

    /** The data carries the zkrpc endpoint's status model under {@code status}, with the consumer's view of every instance. */
    @Test
    void consumerDataListsTheRegistrySessionAndEverySubscribedInstance() throws Exception {
        HttpResponse<String> response = cluster.get(consoleUrl(cluster.consumer) + "data");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JSONObject data = JSON.parseObject(response.body());
        assertThat(data.getString("application")).isEqualTo("shop-frontend");
        JSONObject status = data.getJSONObject("status");
        assertThat(status.getJSONObject("registry").getBooleanValue("connected")).isTrue();
        assertThat(status.getJSONObject("registry").getJSONObject("details").getString("sessionState")).isEqualTo("CONNECTED");
        assertThat(status).as("a consumer that exports nothing has no provider").doesNotContainKey("provider");
        assertThat(status.getJSONObject("isolatedInstances")).isEmpty();
        assertThat(data.getBooleanValue("metrics")).isTrue();
        assertThat(data.getJSONArray("methods")).isNotNull();

        JSONArray instances = subscription(data, ConsoleCluster.CATALOG.toString()).getJSONArray("instances");
        assertThat(instances.stream().map(instance -> ((JSONObject) instance).getString("address")))
                .containsExactlyInAnyOrder(address(cluster.consoleProvider), address(cluster.plainProvider));
        JSONObject tagged = instance(instances, address(cluster.consoleProvider));
        assertThat(tagged.getString("tag")).isEqualTo("blue");
        assertThat(tagged.getInteger("weight")).isEqualTo(100);
        assertThat(tagged.getBooleanValue("isolated")).isFalse();
        assertThat(tagged).containsEntry("isolatedUntil", null);
        assertThat(tagged.getInteger("callsInFlight")).isNotNegative();
        assertThat(tagged.getJSONObject("metadata").getString("zone")).isEqualTo("eu-west-1a");
        assertThat(instance(instances, address(cluster.plainProvider)).getJSONObject("metadata").getString("note"))
                .isEqualTo(ConsoleCluster.HOSTILE);
        assertThat(subscription(data, "io.zkrpc.spring.boot.e2e.api.PingService@default").getJSONArray("instances")).hasSize(2);
    }

    @Test
    void providerDataShowsItOnlineWithItsCallsInFlightAndItsExportedServicesRegistered() throws Exception {
        JSONObject data = JSON.parseObject(cluster.get(consoleUrl(cluster.consoleProvider) + "data").body());
        assertThat(data.getString("application")).isEqualTo("catalog-provider");
        JSONObject provider = data.getJSONObject("status").getJSONObject("provider");
        assertThat(provider.getString("state")).isEqualTo("online");
        assertThat(provider.getString("instance")).isEqualTo(address(cluster.consoleProvider));
        assertThat(provider.getInteger("callsInFlight")).isNotNegative();
        JSONArray services = provider.getJSONArray("services");
        assertThat(services.stream().map(row -> ((JSONObject) row).getString("service")))
                .contains(ConsoleCluster.CATALOG.toString(), "io.zkrpc.spring.boot.e2e.api.PingService@default");
        assertThat(services).allSatisfy(row -> {
            assertThat(((Map<?, ?>) row).get("registered")).isEqualTo(true);
            assertThat(((Map<?, ?>) row).get("instance")).isEqualTo(address(cluster.consoleProvider));
        });
    }

    private static JSONObject subscription(JSONObject data, String service) {
        return data.getJSONObject("status").getJSONArray("subscriptions").stream().map(JSONObject.class::cast)
                .filter(row -> row.getString("service").equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no subscription of " + service + " in " + data));
    }

    private static JSONObject instance(JSONArray instances, String address) {
        return instances.stream().map(JSONObject.class::cast).filter(row -> row.getString("address").equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no instance " + address + " in " + instances));
    }
}

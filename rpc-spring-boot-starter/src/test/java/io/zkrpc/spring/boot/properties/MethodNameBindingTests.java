package io.zkrpc.spring.boot.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/** How a method name with capitals binds, as the README says: from .properties and YAML files, with and without brackets. */
class MethodNameBindingTests {

    private static final String SERVICE = "com.example.QuoteService";

    @Test
    void aMethodNameKeepsItsCapitalsWithoutBracketsInAPropertiesFile() throws Exception {
        ConsumerProperties bound = bind(new PropertiesPropertySourceLoader(), """
                zkrpc.consumer.services[com.example.QuoteService].methods.priceLater.stale-if-error=5m
                zkrpc.consumer.services[com.example.QuoteService].methods.priceLater.cache.ttl=30s
                zkrpc.consumer.services[com.example.QuoteService].methods[quoteOf].stale-if-error=1m
                """);

        assertThat(bound.getServices().get(SERVICE).getMethods()).containsOnlyKeys("priceLater", "quoteOf");
        MethodProperties priceLater = bound.getServices().get(SERVICE).getMethods().get("priceLater");
        assertThat(priceLater.getStaleIfError()).isEqualTo(Duration.ofMinutes(5));
        assertThat(priceLater.getCache().getTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aMethodNameKeepsItsCapitalsWithoutBracketsInAYamlFile() throws Exception {
        ConsumerProperties bound = bind(new YamlPropertySourceLoader(), """
                zkrpc:
                  consumer:
                    services:
                      "[com.example.QuoteService]":
                        methods:
                          priceLater:
                            stale-if-error: 5m
                            cache:
                              ttl: 30s
                """);

        MethodProperties priceLater = bound.getServices().get(SERVICE).getMethods().get("priceLater");
        assertThat(priceLater.getStaleIfError()).isEqualTo(Duration.ofMinutes(5));
        assertThat(priceLater.getCache().getTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    private static ConsumerProperties bind(PropertySourceLoader loader, String text) throws Exception {
        List<PropertySource<?>> sources = loader.load("test", new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)));
        return new Binder(ConfigurationPropertySources.from(sources)).bind("zkrpc.consumer", ConsumerProperties.class).get();
    }
}

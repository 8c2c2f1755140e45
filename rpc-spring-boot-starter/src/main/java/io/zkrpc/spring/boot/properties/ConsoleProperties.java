package io.zkrpc.spring.boot.properties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The console page: this instance's registry session, services, instances and call figures, on
 * the application's own web server. It shows the topology to whoever reaches it, so it is off
 * unless enabled; put it behind the application's own security (a Spring Security rule on its path) or serve the
 * application where only operators reach it.
 */
@ConfigurationProperties("zkrpc.console")
public class ConsoleProperties {

    /** Whether the application's web server serves the console page (servlet web applications only); it shows the services and their instances to whoever reaches it. */
    private boolean enabled;

    /** Path of the console page on the application's web server; its figures are at this path followed by /data. */
    private String path = "/zkrpc/console";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    /** The path with one leading slash and no trailing one, such as {@code /zkrpc/console}. */
    public String normalizedPath() {
        String trimmed = path == null ? "" : path.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty() || trimmed.contains("*")) {
            throw new IllegalStateException("zkrpc.console.path must be a path such as /zkrpc/console, not '" + path + "'");
        }
        return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }
}

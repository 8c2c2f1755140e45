package io.zkrpc.spring.boot.diagnostics;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Stops an application on a Spring Boot older than the one zkrpc is built for, with one line naming
 * both, before anything fails for a reason that hides the real one. An application context
 * initializer because Spring Boot reads those under the same key in every generation (its
 * environment post-processors moved in 4.0), and because it runs before any auto-configuration.
 * Uses only types that Spring Boot 3 has too.
 */
final class SpringBootVersionCheck implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    static final int REQUIRED_MAJOR = 4;
    static final int REQUIRED_MINOR = 1;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        check(SpringBootVersion.getVersion());
    }

    /**
     * Fails for a version older than 4.1; an unknown version (a repackaged jar without its
     * manifest) passes, as Spring Boot's own checks do.
     *
     * @throws ZkRpcStartupException naming the version found and the one required
     */
    static void check(String found) {
        if (found == null || found.isBlank()) {
            return;
        }
        String[] parts = found.split("[.\\-]");
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return;
        }
        if (major < REQUIRED_MAJOR || (major == REQUIRED_MAJOR && minor < REQUIRED_MINOR)) {
            throw new ZkRpcStartupException("zkrpc needs Spring Boot " + REQUIRED_MAJOR + "." + REQUIRED_MINOR
                    + " or newer, but found Spring Boot " + found + ".",
                    "Move the application to Spring Boot " + REQUIRED_MAJOR + "." + REQUIRED_MINOR
                    + " (its parent or BOM, spring-boot-dependencies), or remove rpc-spring-boot-starter.");
        }
    }

    /** First, before any other initializer can fail for the older Boot's sake. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

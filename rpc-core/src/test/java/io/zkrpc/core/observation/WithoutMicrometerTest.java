package io.zkrpc.core.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/**
 * rpc-core without micrometer-observation on the class path (it is an optional dependency): a
 * client and a provider with no observation registry work, and load no class of Micrometer's nor
 * of zkrpc's observation package.
 */
class WithoutMicrometerTest {

    @Test
    void callsWorkAndLoadNothingOfMicrometerWhenNoRegistryIsSet() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(classPathWithoutMicrometer())) {
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.observation.ObservationRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);

            @SuppressWarnings("unchecked")
            Callable<String> call = (Callable<String>) loader.loadClass(PlainCall.class.getName()).getConstructor().newInstance();
            String answer = call.call();

            assertThat(answer).matches("\\d+ 1");
            assertThat(loader.loaded).contains("io.zkrpc.core.consumer.RpcClient", "io.zkrpc.core.internal.observation.AccessLog")
                    .noneMatch(name -> name.startsWith("io.micrometer.") || name.startsWith("io.zkrpc.core.observation.")
                            && !name.equals(PlainCall.class.getName())
                            || name.startsWith("io.zkrpc.core.internal.observation.Micrometer"));
        }
    }

    private static URL[] classPathWithoutMicrometer() throws MalformedURLException {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !new File(entry).getName().startsWith("micrometer-")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** Loads every class of the class path itself (only the JDK's come from its parent), noting their names. */
    private static final class RecordingLoader extends URLClassLoader {

        final Set<String> loaded = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> found = super.findClass(name);
            loaded.add(name);
            return found;
        }
    }
}

package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.internal.codec.RemoteError;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.testsupport.TestInvocations;

/** How a reply's properties rebuild an exception: only what the consumer's own class exposes, into fields that fit. */
class RemoteExceptionsTest {

    /** The service whose method declares {@link GuardedException}. */
    interface GuardedService {
        void guard() throws GuardedException;
    }

    private final RemoteExceptions exceptions = new RemoteExceptions(List.of());

    @Test
    void propertyNamesTheConsumersClassDoesNotExposeSetNoFieldAndDoNotStopTheRebuild() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("item", "apple");
        properties.put("secret", "forged");
        properties.put("addedByANewerProvider", 42);

        Exception rebuilt = translate(properties);

        assertThat(rebuilt).isExactlyInstanceOf(GuardedException.class).hasMessage("guarded");
        assertThat(((GuardedException) rebuilt).getItem()).isEqualTo("apple");
        assertThat(((GuardedException) rebuilt).secret()).isEqualTo("sealed");
    }

    @Test
    void aFieldWhoseTypeDoesNotFitItsGetterIsNotSet() {
        Exception rebuilt = translate(Map.of("item", "apple", "limit", "at most 3"));

        assertThat(rebuilt).isExactlyInstanceOf(GuardedException.class);
        assertThat(((GuardedException) rebuilt).getItem()).isEqualTo("apple");
        assertThat(((GuardedException) rebuilt).limitField()).isNull();
    }

    @Test
    void withoutParameterNamesTwoStringParametersNeverTakeAPropertyByType(@TempDir Path classes) throws Exception {
        Path source = classes.resolve("NamelessException.java");
        Files.writeString(source, """
                public class NamelessException extends Exception {
                    private final String item;
                    public NamelessException(String message, String item) { super(message); this.item = item; }
                    public NamelessException(String message) { this(message, null); }
                    public String getItem() { return item; }
                }
                """);
        // No -parameters: the constructor's parameters are arg0 and arg1, as in a jar built without it.
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString())).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> type = loader.loadClass("NamelessException");
            assertThat(type.getConstructors()[0].getParameters()[0].isNamePresent()).isFalse();

            RemoteExceptions.Rebuilt rebuilt = RemoteExceptions.rebuild(type, "sold out: apple", Map.of("item", "apple"));

            assertThat(rebuilt.exception()).isExactlyInstanceOf(type).hasMessage("sold out: apple");
            assertThat(type.getMethod("getItem").invoke(rebuilt.exception())).isEqualTo("apple");
        }
    }

    private Exception translate(Map<String, Object> properties) {
        RemoteError error = new RemoteError(RpcErrorCode.SERVICE_EXCEPTION.name(), "guarded", GuardedException.class.getName(), properties);
        return exceptions.translate(error, TestInvocations.invocation(GuardedService.class, "guard()"), Instance.http("127.0.0.1", 1, "/rpc"));
    }
}

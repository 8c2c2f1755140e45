package io.zkrpc.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.provider.RequestLimits;
import io.zkrpc.core.testsupport.Dto;

/** Issue 10, part 1: one bounded, typed decoding path whatever the body holds. */
class RequestDecodingTest {

    public interface Api {
        int add(int a, int b);

        String echo(String text);

        int count(List<Dto> dtos);

        Object any(Object value);
    }

    private static final String SERVICE = Api.class.getName();
    private static final Map<String, MethodDescriptor> METHODS = MethodDescriptor.forInterface(Api.class);

    /** The test resolver resolves to the service id as named, so that a test sees which one was resolved. */
    private record Resolved(String serviceId, MethodDescriptor method) {
    }

    private static final MethodResolver<Resolved> RESOLVER = new MethodResolver<>() {
        @Override
        public Resolved resolve(String serviceId, String name, List<String> types) {
            MethodDescriptor method = METHODS.get(MethodDescriptor.signature(name, types));
            if (method == null) {
                throw new RpcException(RpcErrorCode.UNKNOWN_METHOD, "none");
            }
            return new Resolved(serviceId, method);
        }

        @Override
        public MethodDescriptor method(Resolved target) {
            return target.method();
        }
    };

    private final JsonCodec codec = new JsonCodec();

    @Test
    void argumentsBeforeTheServiceAreReadAsTheDeclaredTypeSoAnOverflowingIntIsRefused() {
        String json = "{\"args\":[4294967297,1],\"service\":\"" + SERVICE + "\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"]}";

        assertBadRequest(() -> decode(json));
    }

    @Test
    void argumentsBeforeTheServiceDecodeLikeArgumentsAfterIt() {
        String json = "{\"args\":[2147483647,-2147483648],\"service\":\"" + SERVICE + "\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"]}";

        assertThat(decode(json).arguments()).containsExactly(Integer.MAX_VALUE, Integer.MIN_VALUE);
    }

    @Test
    void aReferenceIsRefusedWhereverItStands() {
        assertBadRequest(() -> decode("{\"args\":[[{\"$ref\":\"$.service\"}]],\"service\":\"" + SERVICE
                + "\",\"method\":\"count\",\"parameterTypes\":[\"java.util.List\"]}"));
        assertBadRequest(() -> decode("{\"service\":\"" + SERVICE
                + "\",\"method\":\"count\",\"parameterTypes\":[\"java.util.List\"],\"args\":[[{\"$ref\":\"..\"}]]}"));
    }

    @Test
    void aTypeKeyIsRefusedEvenForAnObjectParameter() {
        assertBadRequest(() -> decode("{\"service\":\"" + SERVICE + "\",\"method\":\"any\",\"parameterTypes\":[\"java.lang.Object\"],"
                + "\"args\":[{\"@type\":\"java.net.InetAddress\",\"val\":\"example.com\"}]}"));
    }

    @Test
    void aRepeatedServiceKeyIsRefusedRatherThanResolvedAgainstOneAndDispatchedToTheOther() {
        String json = "{\"service\":\"" + SERVICE + "\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],"
                + "\"args\":[\"hi\"],\"service\":\"com.example.Other\"}";

        assertBadRequest(() -> decode(json));
    }

    @Test
    void aKeyRepeatedThroughAnEscapeIsStillADuplicate() {
        String json = "{\"service\":\"" + SERVICE + "\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],"
                + "\"args\":[\"hi\"],\"\\u0073ervice\":\"com.example.Other\"}";

        assertBadRequest(() -> decode(json));
    }

    @Test
    void aDuplicateKeyInsideAnArgumentIsRefused() {
        assertBadRequest(() -> decode("{\"service\":\"" + SERVICE + "\",\"method\":\"count\",\"parameterTypes\":[\"java.util.List\"],"
                + "\"args\":[[{\"id\":1,\"name\":\"a\",\"id\":2}]]}"));
    }

    @Test
    void contentAfterTheRequestObjectIsRefused() {
        assertBadRequest(() -> decode(valid() + "{\"service\":\"com.example.Other\"}"));
        assertBadRequest(() -> decode(valid() + " x"));
    }

    @Test
    void jsonExtensionsOfTheLibraryAreRefused() {
        assertBadRequest(() -> decode("{'service':'" + SERVICE + "','method':'echo','parameterTypes':['java.lang.String'],'args':['hi']}"));
        assertBadRequest(() -> decode("{service:\"" + SERVICE + "\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],\"args\":[\"hi\"]}"));
        assertBadRequest(() -> decode("{\"service\":\"" + SERVICE + "\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"],\"args\":[01,2]}"));
    }

    @Test
    void aMegabyteIntegerIsRefusedWithoutBuildingIt() {
        String digits = "9".repeat(1024 * 1024);
        String json = "{\"service\":\"" + SERVICE + "\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"],\"args\":[" + digits + ",1]}";

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertBadRequest(() -> decode(json)));
    }

    @Test
    void aNumberWithAHugeExponentIsRefused() {
        assertBadRequest(() -> decode("{\"service\":\"" + SERVICE + "\",\"method\":\"any\",\"parameterTypes\":[\"java.lang.Object\"],"
                + "\"args\":[1e999999999]}"));
    }

    @Test
    void deepNestingInAnUnknownFieldIsABadRequestNotAStackOverflow() {
        String json = "{\"padding\":" + "[".repeat(50_000) + "]".repeat(50_000) + ",\"service\":\"" + SERVICE
                + "\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],\"args\":[\"hi\"]}";

        assertBadRequest(() -> decode(json));
    }

    @Test
    void eachLimitIsCheckedAndConfigurable() {
        RequestLimits tight = new RequestLimits(4, 5, 16, 5, 2, Duration.ofSeconds(1), 0, Duration.ZERO);
        String prefix = "{\"service\":\"" + SERVICE + "\",\"method\":";

        assertThat(decode(prefix.replace(SERVICE, "s") + "\"any\",\"parameterTypes\":[\"java.lang.Object\"],\"args\":[[[1]]]}", tight)
                .arguments()).hasSize(1);
        assertBadRequest(() -> decode(prefix.replace(SERVICE, "s") + "\"any\",\"parameterTypes\":[\"java.lang.Object\"],"
                + "\"args\":[[[[1]]]]}", tight));
        assertThat(decode("{\"service\":\"s\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"],\"args\":[12345,1]}", tight)
                .arguments()).containsExactly(12345, 1);
        assertBadRequest(() -> decode("{\"service\":\"s\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"],\"args\":[123456,1]}", tight));
        assertThat(decode("{\"service\":\"s\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],\"args\":[\"1234567890123456\"]}", tight)
                .arguments()).containsExactly("1234567890123456");
        assertBadRequest(() -> decode("{\"service\":\"s\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],"
                + "\"args\":[\"12345678901234567\"]}", tight));
        assertBadRequest(() -> decode("{\"service\":\"s\",\"method\":\"any\",\"parameterTypes\":[\"java.lang.Object\"],"
                + "\"args\":[[1,2,3,4,5,6]]}", tight));
        assertThat(decode("{\"service\":\"s\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],\"args\":[\"x\"],"
                + "\"attachments\":{\"a\":\"1\",\"b\":\"2\"}}", tight).attachments()).hasSize(2);
        assertBadRequest(() -> decode("{\"service\":\"s\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],\"args\":[\"x\"],"
                + "\"attachments\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}", tight));
    }

    @Test
    void aValueOfTheWrongShapeForAnIntIsABadRequest() {
        assertBadRequest(() -> decode("{\"service\":\"" + SERVICE + "\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"],"
                + "\"args\":[\"abc\",1]}"));
        assertBadRequest(() -> decode("{\"service\":\"" + SERVICE + "\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"],"
                + "\"args\":[{\"a\":1},1]}"));
        assertBadRequest(() -> decode("{\"service\":\"" + SERVICE + "\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"],"
                + "\"args\":[1.5,1]}"));
        assertBadRequest(() -> decode("{\"service\":\"" + SERVICE + "\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"],"
                + "\"args\":[null,1]}"));
    }

    @Test
    void theMessageNeitherEchoesTheInputNorNamesTheLibrary() {
        String json = "{\"service\":\"" + SERVICE + "\",\"method\":\"add\",\"parameterTypes\":[\"int\",\"int\"],"
                + "\"args\":[{\"marker-7f3a\":1},1]}";

        assertThatThrownBy(() -> decode(json)).isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.getMessage())
                .doesNotContain("marker-7f3a").doesNotContainIgnoringCase("fastjson").doesNotContain("com.alibaba"));
        assertThatThrownBy(() -> decode("{\"marker-7f3a\":[}")).isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.getMessage())
                .doesNotContain("marker-7f3a").doesNotContainIgnoringCase("fastjson"));
    }

    private String valid() {
        return "{\"service\":\"" + SERVICE + "\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],\"args\":[\"hi\"]}";
    }

    private DecodedRequest<Resolved> decode(String json) {
        return decode(json, RequestLimits.DEFAULTS);
    }

    private DecodedRequest<Resolved> decode(String json, RequestLimits limits) {
        return codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8), limits, RESOLVER);
    }

    private static void assertBadRequest(ThrowingCallable decoding) {
        assertThatThrownBy(decoding).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST));
    }
}

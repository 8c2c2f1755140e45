package io.zkrpc.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.Banner;
import io.zkrpc.core.consumer.CatalogService;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.security.CallAuthentication;
import io.zkrpc.core.testsupport.TestInvocations;

class SignatureVerifierTest {

    private static final byte[] BODY = "{\"service\":\"CatalogService\"}".getBytes(StandardCharsets.UTF_8);

    private final MutableClock consumerClock = new MutableClock(Instant.parse("2025-01-01T12:00:00Z"));
    private final MutableClock providerClock = new MutableClock(Instant.parse("2025-01-01T12:00:00Z"));
    private final Invocation find = TestInvocations.invocation(CatalogService.class, "find(int)", 7);

    @Test
    void aCallSignedWithTheSecretIsAcceptedAndConfirmedForItsServiceAndMethod() {
        SignatureVerifier verifier = verifier(CallAuthentication.secret("s3cret"));

        SignatureVerifier.Verdict verdict = verifier.verify(signed(CallAuthentication.secret("s3cret"), find, BODY)::get, BODY);

        assertThat(verdict.refused()).as(verdict.refusal()).isFalse();
        assertThat(verdict.signed()).isTrue();
        verifier.confirm(verdict, find.service(), find.method());
    }

    @Test
    void aMissingSignatureIsRefusedBeforeDecoding() {
        SignatureVerifier.Verdict verdict = verifier(CallAuthentication.secret("s3cret")).verify(name -> null, BODY);

        assertThat(verdict.refusal()).contains("not signed");
    }

    @Test
    void aSignatureHeaderOfAnotherShapeOrVersionIsRefused() {
        SignatureVerifier verifier = verifier(CallAuthentication.secret("s3cret"));
        String value = signed(CallAuthentication.secret("s3cret"), find, BODY).get(CallHeaders.SIGNATURE);
        String[] fields = value.split(" ");

        for (String malformed : List.of(String.join(" ", fields[0], fields[1], fields[2], fields[3], fields[5]),
                value + " extra", value.replaceFirst("^v1 ", "v2 "), value.replace(" ", "  "), value + "\u00e9", "")) {
            assertThat(verifier.verify(Map.of(CallHeaders.SIGNATURE, malformed)::get, BODY).refusal()).as(malformed)
                    .contains("not a v1 signature");
        }
    }

    @Test
    void aCallSignedWithAnotherSecretIsRefused() {
        SignatureVerifier.Verdict verdict = verifier(CallAuthentication.secret("s3cret"))
                .verify(signed(CallAuthentication.secret("other"), find, BODY)::get, BODY);

        assertThat(verdict.refusal()).contains("wrong signature");
    }

    @Test
    void aChangedBodyOrHeaderIsRefused() {
        SignatureVerifier verifier = verifier(CallAuthentication.secret("s3cret"));
        Map<String, String> headers = signed(CallAuthentication.secret("s3cret"), find, BODY);
        byte[] changed = "{\"service\":\"CatalogServicf\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(headers::get, changed).refusal()).contains("wrong signature");
        headers.put(CallHeaders.SIGNATURE, headers.get(CallHeaders.SIGNATURE).replace(" find(int) ", " find(java.lang.String) "));
        assertThat(verifier.verify(headers::get, BODY).refusal()).contains("wrong signature");
    }

    @Test
    void aSignatureOlderOrNewerThanTheSkewWindowIsRefused() {
        SignatureVerifier verifier = verifier(CallAuthentication.secret("s3cret").withMaxClockSkew(Duration.ofMinutes(5)));
        Map<String, String> old = signed(CallAuthentication.secret("s3cret"), find, BODY);
        providerClock.advance(Duration.ofMinutes(5).plusMillis(1));

        assertThat(verifier.verify(old::get, BODY).refusal()).contains("outside").contains("clocks");

        consumerClock.advance(Duration.ofMinutes(10).plusMillis(2));
        Map<String, String> future = signed(CallAuthentication.secret("s3cret"), find, BODY);
        assertThat(verifier.verify(future::get, BODY).refusal()).contains("outside");
    }

    @Test
    void aSignatureWithinTheSkewWindowIsAccepted() {
        SignatureVerifier verifier = verifier(CallAuthentication.secret("s3cret"));
        Map<String, String> headers = signed(CallAuthentication.secret("s3cret"), find, BODY);
        providerClock.advance(Duration.ofMinutes(5));

        assertThat(verifier.verify(headers::get, BODY).refused()).isFalse();
    }

    @Test
    void aReplayedCallIsRefused() {
        SignatureVerifier verifier = verifier(CallAuthentication.secret("s3cret"));
        Map<String, String> headers = signed(CallAuthentication.secret("s3cret"), find, BODY);

        assertThat(verifier.verify(headers::get, BODY).refused()).isFalse();
        assertThat(verifier.verify(headers::get, BODY).refusal()).contains("replayed");
    }

    @Test
    void eachCallOfASignerHasItsOwnNonce() {
        CallSigner signer = new CallSigner(CallAuthentication.secret("s3cret"), consumerClock);
        Map<String, String> first = new HashMap<>();
        Map<String, String> second = new HashMap<>();
        signer.sign(find, BODY, first::put);
        signer.sign(find, BODY, second::put);

        assertThat(first.get(CallHeaders.SIGNATURE).split(" ")[4]).isNotEqualTo(second.get(CallHeaders.SIGNATURE).split(" ")[4]);
    }

    @Test
    void duringARotationBothTheNewAndThePreviousSecretAreAccepted() {
        SignatureVerifier verifier = verifier(CallAuthentication.secret("new", "old"));

        assertThat(verifier.verify(signed(CallAuthentication.secret("new"), find, BODY)::get, BODY).refused()).isFalse();
        assertThat(verifier.verify(signed(CallAuthentication.secret("old"), find, BODY)::get, BODY).refused()).isFalse();
        assertThat(verifier.verify(signed(CallAuthentication.secret("older"), find, BODY)::get, BODY).refused()).isTrue();
    }

    @Test
    void aConsumerSignsWithTheFirstSecret() {
        Map<String, String> headers = signed(CallAuthentication.secret("new", "old"), find, BODY);

        assertThat(verifier(CallAuthentication.secret("new")).verify(headers::get, BODY).refused()).isFalse();
    }

    @Test
    void aBodyCallingAnotherServiceOrMethodThanTheSignedOneIsRefusedAfterDecoding() {
        SignatureVerifier verifier = verifier(CallAuthentication.secret("s3cret"));
        SignatureVerifier.Verdict verdict = verifier.verify(signed(CallAuthentication.secret("s3cret"), find, BODY)::get, BODY);
        Invocation other = TestInvocations.invocation(CatalogService.class, "find(java.lang.String)", "x");
        Invocation banner = TestInvocations.invocation(Banner.class, "text()");

        assertThatThrownBy(() -> verifier.confirm(verdict, other.service(), other.method()))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.UNAUTHENTICATED));
        assertThatThrownBy(() -> verifier.confirm(verdict, banner.service(), banner.method()))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.UNAUTHENTICATED));
    }

    @Test
    void aServiceWithItsOwnSecretNeedsThatOneAndOthersStayOpen() {
        CallAuthentication catalogOnly = CallAuthentication.NONE.withService(CatalogService.class.getName(), "catalog");
        SignatureVerifier verifier = verifier(catalogOnly);
        Invocation banner = TestInvocations.invocation(Banner.class, "text()");

        assertThat(verifier.verify(signed(catalogOnly, find, BODY)::get, BODY).signed()).isTrue();
        assertThat(verifier.verify(signed(CallAuthentication.secret("catalog-not"), find, BODY)::get, BODY).refused()).isTrue();
        SignatureVerifier.Verdict unsigned = verifier.verify(name -> null, BODY);
        assertThat(unsigned.refused()).isFalse();
        verifier.confirm(unsigned, banner.service(), banner.method());
        assertThatThrownBy(() -> verifier.confirm(unsigned, find.service(), find.method()))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.UNAUTHENTICATED));
    }

    @Test
    void aProviderWithoutSecretsAcceptsSignedAndUnsignedCalls() {
        SignatureVerifier verifier = verifier(CallAuthentication.NONE);

        assertThat(verifier.verify(signed(CallAuthentication.secret("s3cret"), find, BODY)::get, BODY).refused()).isFalse();
        assertThat(verifier.verify(name -> null, BODY).refused()).isFalse();
        assertThat(verifier.enabled()).isFalse();
    }

    @Test
    void nonAsciiNamesTravelPercentEncoded() {
        assertThat(CallHeaders.headerText("com.example.Café:1%")).isEqualTo("com.example.Caf%C3%A9:1%25");
        assertThat(CallHeaders.headerText("find(int)")).isEqualTo("find(int)");
        assertThat(CallHeaders.headerText("a b")).as("the separator never appears in a field").isEqualTo("a%20b");
    }

    private SignatureVerifier verifier(CallAuthentication authentication) {
        return new SignatureVerifier(authentication, providerClock);
    }

    private Map<String, String> signed(CallAuthentication authentication, Invocation invocation, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        new CallSigner(authentication, consumerClock).sign(invocation, body, headers::put);
        return headers;
    }
}

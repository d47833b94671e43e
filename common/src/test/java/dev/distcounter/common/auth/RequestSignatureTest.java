package dev.distcounter.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Discovery requests: signed over method, path, time and body; checked with a bounded clock skew. */
class RequestSignatureTest {
    static final ClusterKey KEY = ClusterKey.generate(new Random(1));
    static final long NOW = 1_795_240_627_338L;
    final byte[] body = "{\"addr\":\"localhost:9001\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignedRequestPasses() {
        String header = RequestSignature.sign(KEY, "POST", "/register", NOW, body);
        assertThat(header).startsWith("key=" + KEY.fingerprint() + " ts=" + NOW + " mac=");
        assertThat(check(header, "POST", "/register", body, NOW)).isEmpty();
        assertThat(check(header, "POST", "/register", body, NOW + 29_000))
                .as("within the skew")
                .isEmpty();
    }

    @Test
    void everyOtherRequestIsRefusedWithItsReason() {
        String header = RequestSignature.sign(KEY, "POST", "/register", NOW, body);
        assertThat(reason(null, "POST", "/register", body, NOW)).isEqualTo("missing");
        assertThat(reason("Bearer x", "POST", "/register", body, NOW)).isEqualTo("malformed");
        assertThat(reason(header, "POST", "/deregister", body, NOW))
                .as("another path")
                .isEqualTo("bad_mac");
        assertThat(reason(header, "GET", "/register", body, NOW))
                .as("another method")
                .isEqualTo("bad_mac");
        assertThat(reason(header, "POST", "/register", "{\"addr\":\"evil:1\"}".getBytes(StandardCharsets.UTF_8), NOW))
                .as("another body")
                .isEqualTo("bad_mac");
        assertThat(reason(header, "POST", "/register", body, NOW + 31_000))
                .as("replayed later")
                .isEqualTo("stale");
        assertThat(reason(header, "POST", "/register", body, NOW - 31_000))
                .as("from the future")
                .isEqualTo("stale");
        String stranger = RequestSignature.sign(ClusterKey.generate(new Random(2)), "POST", "/register", NOW, body);
        assertThat(reason(stranger, "POST", "/register", body, NOW)).isEqualTo("unknown_key");
        String forged = stranger.replaceFirst("key=[0-9a-f]{8}", "key=" + KEY.fingerprint());
        assertThat(reason(forged, "POST", "/register", body, NOW)).isEqualTo("bad_mac");
    }

    private static Optional<RequestSignature.Rejection> check(
            String header, String method, String path, byte[] body, long now) {
        return RequestSignature.check(Keyring.of(KEY), header, method, path, body, now);
    }

    private static String reason(String header, String method, String path, byte[] body, long now) {
        return check(header, method, path, body, now).orElseThrow().reason();
    }
}

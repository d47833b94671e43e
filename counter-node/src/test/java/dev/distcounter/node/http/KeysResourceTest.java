package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.LiveKeyring;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /admin/keys} on a node: a rotation step by step, every refusal, and never a key in an answer. */
class KeysResourceTest extends RunningApiTest {
    static final ClusterKey OLD = FakeNode.KEY;
    static final ClusterKey NEW = ClusterKey.generate(new Random(2));

    @Test
    void aRotationInstallsUsesAndRemovesAndEveryAnswerShowsFingerprintsOnly() throws Exception {
        assertThat(http.get("/admin/keys").body())
                .isEqualTo("Keys: primary " + OLD.fingerprint() + "; installed (1) " + OLD.fingerprint() + "\n");

        HttpResponse<String> installed = post("install", "{\"key\":\"" + NEW.base64() + "\"}", "application/json");
        assertThat(installed.statusCode()).isEqualTo(200);
        assertThat(installed.body())
                .isEqualTo(
                        "{\"keyed\":true,\"primary\":\"" + OLD.fingerprint() + "\",\"keys\":" + sorted(OLD, NEW) + "}")
                .doesNotContain(NEW.base64());
        assertThat(post("install", "{\"key\":\"" + NEW.base64() + "\"}", null).statusCode())
                .as("installing again changes nothing")
                .isEqualTo(200);

        HttpResponse<String> used = post("use", "{\"fingerprint\":\"" + NEW.fingerprint() + "\"}", null);
        assertThat(used.statusCode()).isEqualTo(200);
        assertThat(used.body()).startsWith("Keys: primary " + NEW.fingerprint() + "; installed (2) ");
        assertThat(node.keyring.current().primary()).contains(NEW);

        HttpResponse<String> removed = post("remove", "{\"fingerprint\":\"" + OLD.fingerprint() + "\"}", null);
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(removed.body())
                .isEqualTo("Keys: primary " + NEW.fingerprint() + "; installed (1) " + NEW.fingerprint() + "\n");
        assertThat(node.keyring.current().find(OLD.id())).isEmpty();
    }

    @Test
    void thePrimaryCannotBeRemovedAndAnUnknownKeyCannotBeUsed() throws Exception {
        HttpResponse<String> primary = post("remove", "{\"fingerprint\":\"" + OLD.fingerprint() + "\"}", null);
        assertThat(primary.statusCode()).isEqualTo(409);
        assertThat(primary.body()).contains("is the primary").contains("use another key first");
        HttpResponse<String> unknown = post("use", "{\"fingerprint\":\"" + NEW.fingerprint() + "\"}", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("no key with fingerprint '" + NEW.fingerprint() + "' is installed");
        assertThat(node.keyring.current().fingerprints()).containsExactly(OLD.fingerprint());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "install | not json                  | 400 | bad JSON",
                "install | [1]                       | 400 | body must be a JSON object",
                "install | {}                        | 400 | missing \"key\"",
                "install | {\"key\":\"c2hvcnQ=\"}      | 400 | too short: 5 bytes",
                "install | {\"key\":\"***\"}           | 400 | not base64",
                "use     | {}                        | 400 | missing \"fingerprint\"",
                "rotate  | {}                        | 404 | no such key action: rotate",
            })
    void badRequestsChangeNothing(String action, String body, int status, String reason) throws Exception {
        HttpResponse<String> r = post(action, body, null);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body().strip()).doesNotContain("\n").contains(reason);
        assertThat(node.keyring.current().fingerprints()).containsExactly(OLD.fingerprint());
    }

    @Test
    void aNodeWithoutAKeyListsNoneAndRefusesChanges() throws Exception {
        node.keyring = LiveKeyring.unkeyed("localhost:9001");
        try (RunningApi unkeyed = new RunningApi(node)) {
            assertThat(unkeyed.get("/admin/keys").body()).startsWith("Keys: none: frames are not authenticated");
            assertThat(unkeyed.json("GET", "/admin/keys").body())
                    .isEqualTo("{\"keyed\":false,\"primary\":null,\"keys\":[]}");
            HttpResponse<String> install =
                    unkeyed.call("POST", "/admin/keys/install", null, "{\"key\":\"" + NEW.base64() + "\"}");
            assertThat(install.statusCode()).isEqualTo(409);
            assertThat(install.body()).contains("without a cluster key").contains("--cluster-key-file");
        }
    }

    @Test
    void withAnAdminTokenTheKeysNeedIt() throws Exception {
        try (RunningApi guarded = new RunningApi(node, Duration.ofSeconds(1), "s3cret")) {
            assertThat(guarded.get("/admin/keys").statusCode()).isEqualTo(401);
            String body = "{\"key\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}";
            assertThat(guarded.call("POST", "/admin/keys/install", null, body).statusCode())
                    .isEqualTo(401);
        }
    }

    private HttpResponse<String> post(String action, String body, String accept) throws Exception {
        return http.call("POST", "/admin/keys/" + action, accept, body);
    }

    private static String sorted(ClusterKey a, ClusterKey b) {
        String x = a.fingerprint();
        String y = b.fingerprint();
        return x.compareTo(y) < 0 ? "[\"" + x + "\",\"" + y + "\"]" : "[\"" + y + "\",\"" + x + "\"]";
    }
}

package dev.distcounter.tool.http;

import dev.distcounter.common.auth.ClusterKey;
import java.util.Map;

/**
 * One change to a process's keyring: {@code POST /admin/keys/<action>} with its JSON body.
 *
 * @param action   {@code install}, {@code use} or {@code remove}
 * @param body     {@code {"key": base64}} to install, {@code {"fingerprint": ...}} otherwise
 * @param describe what the change does, for messages: never the key itself
 */
public record KeyChange(String action, Map<String, String> body, String describe) {
    public KeyChange {
        body = Map.copyOf(body);
    }

    public static KeyChange install(ClusterKey key) {
        return new KeyChange("install", Map.of("key", key.base64()), "install " + key.fingerprint());
    }

    public static KeyChange use(String fingerprint) {
        return new KeyChange("use", Map.of("fingerprint", fingerprint), "use " + fingerprint);
    }

    public static KeyChange remove(String fingerprint) {
        return new KeyChange("remove", Map.of("fingerprint", fingerprint), "remove " + fingerprint);
    }

    /** The action and fingerprint: a change prints without its key. */
    @Override
    public String toString() {
        return describe;
    }
}

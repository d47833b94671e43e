package dev.distcounter.tool.keyspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distcounter.common.Json;
import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.http.KvOwners;
import dev.distcounter.tool.http.KvValue;
import dev.distcounter.tool.http.KvWriteResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one line each keyspace command prints, without its mark (✓, !, ✗), which the terminal
 * adds: {@code alpha = "first" (version 1) on node 2; owner node 3 (localhost:9002)}. Values are
 * always quoted as JSON strings, so a value with spaces or a newline still prints as one line;
 * keys only when they hold something else than letters, digits and {@code . _ - : / @}.
 */
final class KeyspaceLines {
    private static final Pattern PLAIN_KEY = Pattern.compile("[\\p{L}\\p{N}._:/@-]+");

    private final ClusterLayout layout;

    KeyspaceLines(ClusterLayout layout) {
        this.layout = layout;
    }

    /** A put, or a get that found the key. */
    String value(String key, String value, long version, int node, String owner) {
        return key(key) + " = " + quoted(value) + " (version " + version + ") on node " + node + owner(owner);
    }

    String deleted(String key, KvWriteResult result, int node) {
        return key(key) + " deleted (version " + result.version() + ") on node " + node + owner(result.owner());
    }

    String notFound(String key, KvValue reply, int node) {
        return key(key) + " not found on node " + node + " (never written, or deleted)" + owner(reply.owner());
    }

    /** A put or delete that was not applied, or may have been: why, and which of the two. */
    String writeFailed(String verb, String key, KvWriteResult result, int node) {
        return verb + " " + key(key) + " failed on node " + node + ": " + problem(result.status(), result.problem())
                + " (outcome: " + result.outcome().json() + ")";
    }

    String failed(String verb, String key, int status, String problem, int node) {
        return verb + " " + key(key) + " failed on node " + node + ": " + problem(status, problem);
    }

    /**
     * The preference list, primary first. The node asked lists itself as {@code self}; it answered,
     * so it is shown {@code alive} like any other live replica.
     */
    String owners(KvOwners owners, int node) {
        String replicas = owners.replicas().stream()
                .map(r -> layout.describeNode(r.node()) + " " + ("self".equals(r.state()) ? "alive" : r.state()))
                .collect(Collectors.joining(", "));
        return key(owners.key()) + ": " + replicas + " (primary first, as node " + node + " sees them; ring position "
                + owners.hash() + ")";
    }

    static String key(String key) {
        return key != null && PLAIN_KEY.matcher(key).matches() ? key : quoted(key);
    }

    static String quoted(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string is always JSON", e);
        }
    }

    private String owner(String owner) {
        return owner == null || owner.isEmpty() ? "" : "; owner " + layout.describeNode(owner);
    }

    /** The node's reason, "no answer (...)" when nothing came back, or the status when it gave none. */
    private static String problem(int status, String problem) {
        if (status == 0) {
            return "no answer (" + problem + ")";
        }
        return problem.isEmpty() ? "HTTP " + String.format("%03d", status) : problem;
    }
}

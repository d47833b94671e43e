package dev.distcounter.tool.keys;

import dev.distcounter.common.auth.KeyringView;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.KeyChange;
import dev.distcounter.tool.http.KeyHolder;
import dev.distcounter.tool.http.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One keyring request to every running process of the cluster, the discovery server first, with
 * a line per process: what its keyring is now, or why it could not be asked.
 */
final class KeyRollout {
    /** How many processes were asked, and how many did not do it. */
    record Outcome(int asked, int failed) {}

    private final ClusterSession session;

    KeyRollout(ClusterSession session) {
        this.session = session;
    }

    /** The discovery server, if it runs, then every running node. */
    List<KeyHolder> holders() {
        RunningProcesses running = session.requireRunningNodes();
        List<KeyHolder> holders = new ArrayList<>();
        if (running.discovery().isPresent()) {
            holders.add(KeyHolder.DISCOVERY);
        }
        running.nodeNumbers().forEach(node -> holders.add(KeyHolder.node(node)));
        return holders;
    }

    /** Lists every process's keyring; a summary line says whether they all hold the same keys. */
    Outcome list() {
        Terminal t = session.terminal();
        Map<String, List<String>> byKeyring = new LinkedHashMap<>();
        int failed = 0;
        List<KeyHolder> holders = holders();
        for (KeyHolder holder : holders) {
            Reply<KeyringView> reply = session.api().keys(holder);
            if (reply.ok()) {
                t.line(holder.label() + ": " + describe(reply.body()));
                byKeyring
                        .computeIfAbsent(describe(reply.body()), k -> new ArrayList<>())
                        .add(holder.label());
            } else {
                failed++;
                t.line(holder.label() + ": " + t.red("unreachable") + " (" + reply.describe() + ")");
            }
        }
        if (byKeyring.size() == 1) {
            t.ok("All " + (holders.size() - failed) + " running processes agree: "
                    + byKeyring.keySet().iterator().next());
        } else if (byKeyring.size() > 1) {
            t.warn("The processes do NOT hold the same keys (as in the middle of a rotation): "
                    + String.join(
                            "; ",
                            byKeyring.entrySet().stream()
                                    .map(e -> e.getKey() + " at " + String.join(", ", e.getValue()))
                                    .toList()));
        }
        return new Outcome(holders.size(), failed);
    }

    /**
     * Says what it does ({@code doing}), sends {@code change} to every running process with a line
     * each, and when one did not take it says so: "N process(es) {@code whenFailed}".
     */
    Outcome apply(String doing, KeyChange change, String whenFailed) {
        Terminal t = session.terminal();
        t.header(doing);
        int failed = 0;
        List<KeyHolder> holders = holders();
        for (KeyHolder holder : holders) {
            Reply<KeyringView> reply = session.api().changeKeys(holder, change);
            if (reply.ok()) {
                t.ok(holder.label() + ": " + describe(reply.body()));
            } else {
                failed++;
                t.fail(holder.label() + ": " + reply.describe());
            }
        }
        if (failed > 0) {
            t.fail(failed + " process(es) " + whenFailed);
        }
        return new Outcome(holders.size(), failed);
    }

    /** {@code primary 1a2b3c4d; keys 1a2b3c4d, 5e6f7a8b}, or that it has none. */
    static String describe(KeyringView keys) {
        if (!keys.keyed()) {
            return "no key: frames are not authenticated";
        }
        return "primary " + keys.primary() + "; keys " + String.join(", ", keys.keys());
    }
}

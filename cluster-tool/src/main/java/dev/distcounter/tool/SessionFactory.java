package dev.distcounter.tool;

import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.cluster.ScriptCallback;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.NodeHttpClient;
import dev.distcounter.tool.time.TimeSource;
import java.security.SecureRandom;

/** Opens a {@link ClusterSession} from the top-level options; tests supply a fake cluster instead. */
@FunctionalInterface
public interface SessionFactory {
    ClusterSession open(ClusterLayout layout, ScriptConfig script, Terminal terminal);

    /** The real cluster: HTTP to its nodes, run-cluster.sh for its processes, the system clock. */
    SessionFactory LIVE = (layout, script, terminal) -> {
        ScriptCallback processes = new ScriptCallback(script.path()).askEarly();
        return new ClusterSession(
                layout,
                script.name(),
                terminal,
                new NodeHttpClient(layout, TimeSource.SYSTEM),
                processes,
                TimeSource.SYSTEM,
                new SecureRandom());
    };
}

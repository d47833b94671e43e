package dev.distcounter.tool.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distcounter.common.Json;
import java.util.List;

/**
 * Builds the shared mapper's readers of every reply type on a background thread as the tool
 * starts. Each command is a fresh JVM that lives for a second; introspecting the records is a
 * fifth of that, and on a second core it overlaps with parsing the command line, building the
 * HTTP client and asking run-cluster.sh which processes run.
 */
public final class ReplyReaders {
    private static final List<Class<?>> REPLIES = List.of(
            CounterState.class,
            WriteReply.class,
            PeerList.class,
            ClusterView.class,
            ChaosState.class,
            RegisteredPeer.class,
            KvWriteReply.class,
            KvValue.class,
            KvOwners.class);

    private ReplyReaders() {}

    public static void prepareInBackground() {
        Thread thread = new Thread(ReplyReaders::prepare, "reply-readers");
        thread.setDaemon(true);
        thread.start();
    }

    private static void prepare() {
        for (Class<?> reply : REPLIES) {
            try {
                Json.MAPPER.readValue("{}", reply);
            } catch (JsonProcessingException e) {
                // Only a head start: the first real reply builds the reader, and reports any problem.
            }
        }
    }
}

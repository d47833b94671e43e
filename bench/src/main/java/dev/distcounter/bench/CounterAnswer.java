package dev.distcounter.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distcounter.common.Json;
import java.io.IOException;

/**
 * A node's {@code GET /counter} in JSON. Nodes have converged when these agree, digest included:
 * value and version are sums over the replicas' entries, and can be equal while the entries are
 * not (issue 10).
 *
 * @param digest the digest of the node's full state
 */
record CounterAnswer(long value, long version, String digest) {
    /** Reads {@code node}'s counter; an answer other than 200 with a digest is an IOException. */
    static CounterAnswer read(MiniHttp node) throws IOException {
        MiniHttp.Response r = node.getJson("/counter");
        CounterAnswer answer = null;
        if (r.status() == 200) {
            try {
                answer = Json.MAPPER.readValue(r.body(), CounterAnswer.class);
            } catch (JsonProcessingException e) {
                // refused below, with the body
            }
        }
        if (answer == null || answer.digest() == null) {
            throw new IOException("port " + node.port() + ": /counter answered " + r.status() + " "
                    + r.body().strip());
        }
        return answer;
    }
}

package dev.distcounter.tool.convergence;

import dev.distcounter.tool.http.CounterState;

/**
 * One node's {@code GET /counter} within a snapshot.
 *
 * @param state          null when the node could not be read
 * @param invokeMillis   when the request was sent
 * @param completeMillis when its answer came back
 */
public record NodeReading(int node, CounterState state, long invokeMillis, long completeMillis) {
    public boolean ok() {
        return state != null;
    }
}

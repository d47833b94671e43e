package dev.distcounter.node.http;

import java.util.List;

/**
 * {@code /admin/chaos} in JSON: the faults this node injects and what they did so far.
 *
 * @param delay   e.g. {@code 10ms-50ms}, or {@code 0s}
 * @param blocked the peers whose frames are dropped, sorted
 */
public record ChaosView(
        double drop, String delay, List<String> blocked, long framesBlocked, long framesDropped, long framesDelayed) {
    public ChaosView {
        blocked = List.copyOf(blocked);
    }
}

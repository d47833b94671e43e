package dev.distcounter.node.http;

import java.util.List;

/**
 * {@code /admin/chaos} in JSON: the faults this node injects and what they did so far.
 *
 * @param delay   e.g. {@code 10ms-50ms}, or {@code 0s}
 * @param blocked the peers whose frames are dropped, sorted by host, then port
 * @param framesBlocked frames dropped because their link was blocked, so far
 * @param framesDropped frames dropped at random, so far
 * @param framesDelayed frames sent late, so far
 */
public record ChaosView(
        double drop, String delay, List<String> blocked, long framesBlocked, long framesDropped, long framesDelayed) {
    public ChaosView {
        blocked = List.copyOf(blocked);
    }
}

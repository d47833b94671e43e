package dev.distcounter.tool.http;

import java.util.List;

/**
 * A node's {@code GET|POST /admin/chaos}: the faults it injects into its outbound frames and what
 * they have done since it started.
 */
public record ChaosState(
        double drop, String delay, List<String> blocked, long framesBlocked, long framesDropped, long framesDelayed) {
    public ChaosState {
        blocked = blocked == null ? List.of() : List.copyOf(blocked);
    }

    /**
     * The node's text reply: "Chaos: drop 0.3, delay 0s, blocked []; so far 6 frames blocked, 20
     * dropped, 0 delayed" (the drop as Java prints a double, as the node does).
     */
    public String line() {
        return "Chaos: drop " + drop + ", delay " + delay + ", blocked [" + String.join(", ", blocked) + "]; so far "
                + framesBlocked + " frames blocked, " + framesDropped + " dropped, " + framesDelayed + " delayed";
    }
}

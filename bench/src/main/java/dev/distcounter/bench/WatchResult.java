package dev.distcounter.bench;

/**
 * What {@link ClusterWatch} found, as it writes it with {@code --json FILE}.
 *
 * @param converged whether all nodes agreed on value, version and state digest within the timeout after the load
 * @param convergeMs from the end of the load to the first round of that agreement (0 when they
 *     already agreed); the timeout when they did not converge
 * @param value the agreed value; null when they did not converge
 * @param version the agreed version; null when they did not converge
 * @param rounds rounds of reads made
 * @param intervalMs the time between rounds
 * @param states when they did not converge: each node's last answer, {@code port=value/version/digest}
 *     ({@code ?} when it did not answer); null otherwise
 */
record WatchResult(
        boolean converged, double convergeMs, Long value, Long version, long rounds, int intervalMs, String states) {}

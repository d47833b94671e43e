package dev.distcounter.node.http;

/**
 * {@code /ui/state}: what the page shows of one node, read in one request: its counter and its
 * {@code /cluster} view (leader, term, members and, with a keyspace, the ring).
 */
public record UiStateView(String node, CounterView counter, ClusterView cluster) {}

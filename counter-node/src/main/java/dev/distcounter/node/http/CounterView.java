package dev.distcounter.node.http;

/**
 * {@code /counter} in JSON: {@code {"value":-3,"version":19,"node":"localhost:9001","digest":"9f71ecabc884e8f6"}}.
 *
 * @param digest {@link dev.distcounter.node.crdt.StateDigest} of the node's full state: nodes hold
 *     the same state when their digests are equal, whatever their value and version say
 */
public record CounterView(long value, long version, String node, String digest) {}

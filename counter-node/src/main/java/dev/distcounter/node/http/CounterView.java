package dev.distcounter.node.http;

/** {@code /counter} in JSON: {@code {"value":-3,"version":19,"node":"localhost:9001"}}. */
public record CounterView(long value, long version, String node) {}

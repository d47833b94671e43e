package dev.distcounter.tool.http;

/**
 * The body of a reply to {@code POST /increment} or {@code /decrement}:
 * {@code {"value","version","node","operation","by","outcome"}} when applied,
 * {@code {"error","outcome"}} otherwise. {@code outcome} is absent from nodes older than the
 * field; then the status alone decides (see {@link dev.distcounter.common.http.WriteOutcome#ofReply}).
 */
public record WriteReply(
        Long value, Long version, String node, String operation, Long by, String outcome, String error) {}

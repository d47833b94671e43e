package dev.distcounter.node.http;

/**
 * A write's 200 in JSON: {@code {"value":..,"version":..,"node":..,"operation":"increment","by":1,
 * "outcome":"applied"}}.
 *
 * @param outcome always {@code applied}: the record is durable (see {@code WriteOutcome})
 */
public record WriteView(long value, long version, String node, String operation, long by, String outcome) {}

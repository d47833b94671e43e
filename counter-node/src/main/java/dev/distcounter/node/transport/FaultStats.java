package dev.distcounter.node.transport;

/**
 * What a {@link FaultInjectingTransport} did to the frames passing through it.
 *
 * @param blocked    frames dropped because the link was blocked
 * @param lost       frames dropped at random
 * @param delayed    frames sent late
 * @param duplicated frames sent twice
 */
public record FaultStats(long blocked, long lost, long delayed, long duplicated) {}

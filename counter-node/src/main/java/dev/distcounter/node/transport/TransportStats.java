package dev.distcounter.node.transport;

/**
 * Counters of one transport since it started.
 *
 * @param framesSent       frames handed to the network (written to a socket, or delivered in memory)
 * @param framesReceived   valid frames received
 * @param framesDropped    frames given up on: peer unreachable, queue full, or dropped by fault injection
 * @param framesRejected   inbound connections closed: their bytes were not valid frames, or too many were open
 * @param bytesSent        bytes of frames sent
 */
public record TransportStats(
        long framesSent, long framesReceived, long framesDropped, long framesRejected, long bytesSent) {}

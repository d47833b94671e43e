package dev.distcounter.discovery;

/**
 * What one register, heartbeat or deregister did, read under the same lock as the change so
 * the count matches it.
 *
 * @param wasKnown  whether the address was a live peer before the call
 * @param livePeers live peers after the call
 */
public record RegistryUpdate(boolean wasKnown, int livePeers) {}

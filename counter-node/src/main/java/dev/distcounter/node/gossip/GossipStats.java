package dev.distcounter.node.gossip;

/**
 * What a node's gossip did since it started.
 *
 * @param rounds        anti-entropy rounds run
 * @param pushes        push rounds (after local updates, or passing news on)
 * @param framesIn      frames handled
 * @param merges        frames that taught this node something
 * @param replies       PUSH answers to PULLs from peers that knew less
 * @param badFrames     frames whose state could not be used (malformed, or would overflow)
 */
public record GossipStats(long rounds, long pushes, long framesIn, long merges, long replies, long badFrames) {}

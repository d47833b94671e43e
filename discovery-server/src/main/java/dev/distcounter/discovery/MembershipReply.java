package dev.distcounter.discovery;

/** Answer to register, heartbeat and deregister: the address as understood, and how many peers are live. */
record MembershipReply(String addr, int peers) {}

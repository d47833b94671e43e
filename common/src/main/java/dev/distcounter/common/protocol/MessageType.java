package dev.distcounter.common.protocol;

import java.util.Optional;

/**
 * Frame types. Codes are append-only: a code, once released, keeps its meaning forever, and a
 * retired type leaves a gap. Older nodes close a connection that sends a code they do not know,
 * so a new type must only be sent to peers known to understand it. Table in {@code docs/protocol.md}.
 */
public enum MessageType {
    /** Carries the sender's counter state and asks for the receiver's if it knows more. */
    PULL(1),
    /** Carries counter state to merge; no answer. */
    PUSH(2),
    /** "I am alive": the sender's id, incarnation, the leader it follows, and the members it knows. */
    HEARTBEAT(3),
    /** Bully election: "I am running; are you, with a higher id, alive?" */
    ELECTION(16),
    /** Bully election: "yes, a higher node is alive and takes over the election". */
    ELECTION_ANSWER(17),
    /** Bully election: "I am the leader now", with the new term. */
    COORDINATOR(18),
    /** Keyspace: "what do you hold for this key?", from a coordinator to a replica. */
    KV_READ(32),
    /** Keyspace: the replica's answer to a KV_READ: what it holds for the key, with its version. */
    KV_READ_REPLY(33),
    /** Keyspace: "store this version of the key if it is newer", a write or a read repair. */
    KV_WRITE(34),
    /** Keyspace: the replica's answer to a KV_WRITE: stored durably, holds newer, or failed. */
    KV_WRITE_REPLY(35),
    /** Anti-entropy: the opener's hash-tree roots of the ranges it shares with the receiver. */
    AE_ROOTS(36),
    /** Anti-entropy: the leaf hashes of the ranges whose roots differed. */
    AE_LEAVES(37),
    /** Anti-entropy: the keys and versions the opener holds in leaves that differ. */
    AE_DIGESTS(38),
    /** Anti-entropy: "push me these keys" (as KV_WRITEs): the sender lacks them or holds them older. */
    AE_WANT(39),
    /** Tombstone GC: "drop exactly this tombstone version of these keys": every replica holds it. */
    KV_PURGE(40),
    /**
     * Keyspace, {@code --sloppy-quorum}: "keep this write for its home replica, which is down",
     * from a coordinator to a stand-in; answered with a KV_WRITE_REPLY.
     */
    KV_HINTED_WRITE(46);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<MessageType> fromCode(int code) {
        for (MessageType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}

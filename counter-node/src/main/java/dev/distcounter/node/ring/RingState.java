package dev.distcounter.node.ring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's {@link RingMembership}, changed by what it hears and by operators, saved to its
 * {@link RingFile} on every change. Safe from any thread: changes are synchronized, the current
 * value is published as one immutable value.
 *
 * <p>Rules:
 * <ul>
 *   <li>At start the node adds itself JOINED at its incarnation: a restarted process (a higher
 *       incarnation) is back on the ring even if an earlier one left or was removed.</li>
 *   <li>A member heard from directly is JOINED at the incarnation it announces; what others
 *       gossip is merged by the membership's rule. A member that stops answering stays: only
 *       LEFT or REMOVED take a node off the ring.</li>
 *   <li>An entry for this node at a higher incarnation than its own can only come from an
 *       earlier process of it (an incarnation from {@code --wal=false} is random): off the ring,
 *       the node rejoins just above it; on the ring, it takes that incarnation over. At its own incarnation, LEFT or REMOVED stands: this process is
 *       off the ring for good.</li>
 * </ul>
 */
public final class RingState {
    private static final Logger log = LoggerFactory.getLogger(RingState.class);

    /** What {@link #remove} did. */
    public enum Removal {
        REMOVED,
        UNKNOWN,
        SELF
    }

    private final String self;
    private final RingFile file;
    private long incarnation; // guarded by this
    private volatile RingMembership current;

    /** {@code saved}: what the ring file held (empty without one). */
    public RingState(String self, long incarnation, RingMembership saved, RingFile file) {
        this.self = self;
        this.file = file;
        this.incarnation = incarnation;
        this.current = saved;
        synchronized (this) {
            change(saved.with(self, RingEntry.joined(incarnation)));
        }
    }

    /**
     * The ring as {@code <dataDir>/ring} holds it, with this node joined; kept nowhere without a
     * data directory.
     *
     * @throws UncheckedIOException the file cannot be read or holds no ring
     */
    public static RingState open(String self, long incarnation, Optional<Path> dataDir) {
        RingFile file = dataDir.map(RingFile::in).orElse(RingFile.NONE);
        try {
            return new RingState(self, incarnation, file.load(), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ring of this node alone, kept nowhere: for tests. */
    public static RingState alone(String self, long incarnation) {
        return new RingState(self, incarnation, RingMembership.EMPTY, RingFile.NONE);
    }

    public String self() {
        return self;
    }

    public RingMembership current() {
        return current;
    }

    /** Whether this node is on its own ring (it has not left and was not removed). */
    public boolean selfOnRing() {
        RingEntry mine = current.entries().get(self);
        return mine != null && mine.onRing();
    }

    /** {@code member} was heard from, announcing {@code memberIncarnation}. */
    public synchronized void heardFrom(String member, long memberIncarnation) {
        change(current.with(member, RingEntry.joined(memberIncarnation)));
    }

    /** What a peer gossiped. */
    public synchronized void merge(RingMembership heard) {
        change(current.merge(heard));
    }

    /** Marks this node LEFT; returns false if it was already off the ring. */
    public synchronized boolean leave() {
        boolean wasOn = selfOnRing();
        change(current.with(self, new RingEntry(incarnation, RingStatus.LEFT)));
        return wasOn;
    }

    /** Marks {@code member} REMOVED at the incarnation it is known by. */
    public synchronized Removal remove(String member) {
        if (member.equals(self)) {
            return Removal.SELF;
        }
        RingEntry known = current.entries().get(member);
        if (known == null) {
            return Removal.UNKNOWN;
        }
        change(current.with(member, new RingEntry(known.incarnation(), RingStatus.REMOVED)));
        return Removal.REMOVED;
    }

    private void change(RingMembership next) {
        RingEntry mine = next.entries().get(self);
        if (mine != null && mine.incarnation() > incarnation) {
            if (mine.onRing()) {
                incarnation = mine.incarnation(); // joined already: leaving later must beat this entry
            } else {
                log.info("{}: the ring lists an earlier process of this node ({}): rejoining above it", self, mine);
                incarnation = mine.incarnation() + 1;
                next = next.with(self, RingEntry.joined(incarnation));
            }
        }
        if (next.equals(current)) {
            return;
        }
        RingMembership previous = current;
        current = next;
        if (!next.joined().equals(previous.joined())) {
            log.info("{}: ring now {}", self, next.joined());
        }
        try {
            file.save(next);
        } catch (IOException e) {
            log.warn("{}: saving the ring to {} failed: {}", self, file.path().orElse(null), e.toString());
        }
    }
}

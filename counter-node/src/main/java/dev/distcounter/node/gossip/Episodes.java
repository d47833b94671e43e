package dev.distcounter.node.gossip;

import java.time.Duration;

/**
 * When a refusal that may repeat with every frame deserves a log line: at the first one, and at
 * the first after a quiet period without any, so an operator reads one line per episode instead
 * of one per frame (the meters count every one). Not thread-safe: one thread's (or guarded by its owner).
 */
public final class Episodes {
    private final long quietMillis;
    private boolean started;
    private long lastAt;

    public Episodes(Duration quiet) {
        this.quietMillis = quiet.toMillis();
    }

    /** Records a refusal at {@code nowMillis}; true when it opens an episode. */
    public boolean opens(long nowMillis) {
        boolean opens = !started || nowMillis - lastAt >= quietMillis;
        started = true;
        lastAt = nowMillis;
        return opens;
    }
}

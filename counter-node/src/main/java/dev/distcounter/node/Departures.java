package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.membership.Heartbeats;
import dev.distcounter.node.replication.HandoverReport;
import dev.distcounter.node.replication.KeyspaceCoordinator;
import dev.distcounter.node.ring.RingState;
import dev.distcounter.node.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes leaving the ring, as operators ask (docs/operations.md, "Joins, leaves and removal"):
 * this node leaving ({@code POST /admin/leave}) or a dead one being removed
 * ({@code POST /admin/remove}). Either change is gossiped at once (a heartbeat round) and then
 * with every heartbeat; the keys move by the keyspace's handover.
 */
public final class Departures {
    /** How long a leaving node waits for its keys to be acknowledged before it stops anyway. */
    public static final Duration LEAVE_WAIT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(Departures.class);

    private final RingState ring;
    private final Heartbeats heartbeats;
    private final KeyspaceCoordinator keyspace;
    private final Scheduler scheduler;

    Departures(RingState ring, Heartbeats heartbeats, KeyspaceCoordinator keyspace, Scheduler scheduler) {
        this.ring = ring;
        this.heartbeats = heartbeats;
        this.keyspace = keyspace;
        this.scheduler = scheduler;
    }

    /**
     * Marks this node LEFT, tells the others, and streams every key it holds to the new owners.
     * Completes once every key is acknowledged or has failed every attempt, or after
     * {@code wait} with what was done by then ({@link HandoverReport#settled()} false). The node
     * keeps running: the caller stops it. Safe from any thread.
     */
    public CompletableFuture<HandoverReport> leave(Duration wait) {
        CompletableFuture<HandoverReport> done = new CompletableFuture<>();
        scheduler.execute(() -> {
            HandoverReport before = keyspace.handover().progress();
            if (ring.leave()) {
                log.info("{}: leaving the ring: handing every key over to the new owners", ring.self());
            }
            heartbeats.beatNow();
            keyspace.handover().whenSettled().thenAccept(report -> done.complete(report.since(before)));
            scheduler.schedule(
                    wait, () -> done.complete(keyspace.handover().progress().since(before)));
        });
        return done.whenComplete((report, failure) -> log.info("{}: left the ring: {}", ring.self(), report));
    }

    /**
     * Marks {@code member} REMOVED (it is dead for good): the survivors rebuild its ranges from
     * the other replicas. Safe from any thread.
     */
    public RingState.Removal remove(NodeAddress member) {
        RingState.Removal removal = ring.remove(member.toString());
        if (removal == RingState.Removal.REMOVED) {
            log.info("{}: {} removed from the ring", ring.self(), member);
            heartbeats.beatNow();
        }
        return removal;
    }

    /**
     * Exits the process with 0 half a second from now, from a thread of its own: the reply to
     * {@code /admin/leave} goes out first, and the shutdown hook stops the node cleanly.
     */
    public static void exitProcessSoon() {
        Thread exit = new Thread(
                () -> {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.exit(0);
                },
                "left-the-ring");
        exit.setDaemon(true);
        exit.start();
    }

    /** Whether this node is still on its ring. */
    public boolean onRing() {
        return ring.selfOnRing();
    }
}

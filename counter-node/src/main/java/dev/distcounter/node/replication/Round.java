package dev.distcounter.node.replication;

import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.time.Scheduler;
import java.time.Duration;
import java.util.List;

/**
 * One request sent to a key's replicas under one id: registered in its {@link Rounds} while
 * replies may come, asking silent replicas once more at half the timeout (frames may be lost),
 * ended by {@link #finish} or the timeout. Runs on the scheduler thread only.
 */
abstract class Round {
    private final Rounds rounds;
    private final long id;
    private final List<String> replicas;
    private Scheduler.Cancellable retry;
    private Scheduler.Cancellable timeout;

    Round(Rounds rounds, List<String> replicas) {
        this.rounds = rounds;
        this.id = rounds.nextId();
        this.replicas = replicas;
    }

    final long id() {
        return id;
    }

    /** Registers the round, sends to every replica, and arms the resend and the timeout. */
    final void start() {
        rounds.register(this);
        Duration limit = rounds.timeout();
        retry = rounds.scheduler().schedule(limit.dividedBy(2), () -> silent().forEach(this::send));
        timeout = rounds.scheduler().schedule(limit, () -> {
            if (rounds.unregister(this)) {
                retry.cancel();
                timedOut();
                ended();
            }
        });
        replicas.forEach(this::send);
    }

    /** Ends the round: later replies match nothing. */
    final void finish() {
        if (rounds.unregister(this)) {
            retry.cancel();
            timeout.cancel();
            ended();
        }
    }

    /** The round is over, finished or timed out: called once. */
    void ended() {}

    /** A replica's answer to this round's read. */
    void onRead(String node, Versioned held) {}

    /** A replica's answer to this round's write. */
    void onWrite(String node, WriteReply reply) {}

    /** Replicas that have not answered yet. */
    abstract List<String> silent();

    /** Sends (again) this round's request to {@code node}. */
    abstract void send(String node);

    /** The timeout passed before the round finished: complete the client's future if not yet. */
    abstract void timedOut();
}

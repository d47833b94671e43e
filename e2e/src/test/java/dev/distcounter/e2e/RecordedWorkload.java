package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.checker.HistoryRecorder;
import dev.distcounter.checker.Outcome;
import dev.distcounter.common.Json;
import dev.distcounter.common.http.WriteOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client threads recording every request in a {@link HistoryRecorder}: writers send random
 * increments and decrements (mostly by 1, some {@code ?by=N}) to random available nodes, an
 * optional reader sends {@code GET /counter} to random available nodes. Each write's outcome is
 * the one rule every client uses, {@link WriteOutcome}: the {@code outcome} field of the node's JSON
 * reply ({@code applied}: ok, with the value and version it answered; {@code not_applied}: fail;
 * {@code indeterminate}: info), its status when the field is absent, and for no reply at all
 * whether the connection was ever made.
 * A node can be taken out of rotation ({@link #exclude}) and the test can wait until nothing is
 * in flight to it ({@link #awaitNothingInFlight}), e.g. before SIGKILLing a node without a WAL,
 * whose acknowledged writes survive only once gossiped.
 */
final class RecordedWorkload {
    private static final int MAX_PROBLEMS = 20;

    private final CounterClient client;
    private final HistoryRecorder recorder;
    private final Map<NodeProcess, String> ids;
    private final int writers;
    private final boolean reader;
    private final long seed;
    private final Duration pause;
    private final Set<NodeProcess> excluded = ConcurrentHashMap.newKeySet();
    private final Map<NodeProcess, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong fail = new AtomicLong();
    private final AtomicLong info = new AtomicLong();
    private final AtomicLong readsOk = new AtomicLong();
    private final AtomicLong readsOther = new AtomicLong();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private CountDownLatch done;
    private volatile boolean stop;

    /**
     * @param ids    every node that may be targeted, with its id in the history
     * @param pause  sleep after each request of each thread (keeps a 2-CPU machine responsive)
     */
    RecordedWorkload(
            CounterClient client,
            HistoryRecorder recorder,
            Map<NodeProcess, String> ids,
            int writers,
            boolean reader,
            long seed,
            Duration pause) {
        this.client = client;
        this.recorder = recorder;
        this.ids = Map.copyOf(ids);
        this.writers = writers;
        this.reader = reader;
        this.seed = seed;
        this.pause = pause;
        ids.keySet().forEach(n -> inFlight.put(n, new AtomicInteger()));
    }

    RecordedWorkload start() {
        int count = writers + (reader ? 1 : 0);
        done = new CountDownLatch(count);
        for (int t = 0; t < count; t++) {
            boolean isReader = t == writers;
            Random random = new Random(seed * 1_000_003L + t);
            Thread thread = new Thread(
                    () -> {
                        try {
                            while (!stop && !Thread.currentThread().isInterrupted()) {
                                NodeProcess node = pick(random);
                                if (node != null) {
                                    if (isReader) {
                                        read(node);
                                    } else {
                                        write(node, random);
                                    }
                                }
                                // Paces the client (see pause); nothing is waited for here.
                                Thread.sleep(node == null ? 20 : pause.toMillis());
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    },
                    (isReader ? "recorded-reader" : "recorded-writer-" + t));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    private NodeProcess pick(Random random) {
        List<NodeProcess> available = ids.keySet().stream()
                .filter(n -> !excluded.contains(n))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
        if (available.isEmpty()) {
            return null;
        }
        return available.get(random.nextInt(available.size()));
    }

    private void write(NodeProcess node, Random random) {
        long by = random.nextInt(100) < 80 ? 1 : 2 + random.nextInt(19);
        boolean increment = random.nextInt(100) < 55;
        String path = increment ? "increment" : "decrement";
        String target = "/" + path + (by == 1 ? "" : "?by=" + by);
        AtomicInteger flying = inFlight.get(node);
        flying.incrementAndGet();
        try {
            // Checked again after counting in flight: awaitNothingInFlight then sees this request.
            if (excluded.contains(node)) {
                return;
            }
            HistoryRecorder.Pending op = recorder.invoke(ids.get(node), increment ? by : -by);
            WriteOutcome outcome;
            JsonNode body = null;
            try {
                HttpReply reply = client.send(
                        "POST", node.uri(target), null, CounterClient.WRITE_TIMEOUT, "Accept", "application/json");
                body = json(reply.body());
                outcome = outcome(reply.status(), body);
                if (outcome != WriteOutcome.APPLIED) {
                    problem(node + " POST " + target + ": " + reply);
                }
            } catch (IOException e) {
                outcome = WriteOutcome.ofFailure(e);
                if (outcome == WriteOutcome.INDETERMINATE) {
                    problem(node + " POST " + target + ": " + e);
                }
            } catch (InterruptedException e) {
                outcome = WriteOutcome.INDETERMINATE;
                Thread.currentThread().interrupt();
            }
            complete(op, outcome, body, node + " POST " + target);
        } finally {
            flying.decrementAndGet();
        }
    }

    /** The reply's {@code outcome} field when it has one, else its status: {@link WriteOutcome#ofReply}. */
    private WriteOutcome outcome(int status, JsonNode body) {
        String field =
                body != null && body.hasNonNull("outcome") ? body.get("outcome").asText() : null;
        try {
            return WriteOutcome.ofReply(status, field);
        } catch (IllegalArgumentException e) {
            problem("unknown outcome in a reply: " + e.getMessage());
            return WriteOutcome.INDETERMINATE;
        }
    }

    /** Records the operation's outcome, with the state an applied write answered when it did. */
    private void complete(HistoryRecorder.Pending op, WriteOutcome outcome, JsonNode body, String what) {
        switch (Outcome.of(outcome)) {
            case OK -> {
                if (body != null
                        && body.path("value").canConvertToLong()
                        && body.path("version").canConvertToLong()) {
                    op.ok(body.get("value").asLong(), body.get("version").asLong());
                } else {
                    op.ok();
                    problem(what + ": applied, but the reply has no value and version: " + body);
                }
                ok.incrementAndGet();
            }
            case FAIL -> {
                op.fail();
                fail.incrementAndGet();
            }
            case INFO -> {
                op.info();
                info.incrementAndGet();
            }
        }
    }

    /** The body as JSON, or null when it is not JSON. */
    private static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private void read(NodeProcess node) {
        String id = ids.get(node);
        long invoke = recorder.now();
        try {
            HttpReply reply = client.get(node.uri("/counter"));
            long complete = Math.max(invoke, recorder.now());
            if (reply.status() == 200) {
                CounterReading r = CounterReading.parseCounter(reply.body());
                recorder.read(id, invoke, complete, Outcome.OK, r.value(), r.version());
                readsOk.incrementAndGet();
            } else {
                recorder.read(id, invoke, complete, Outcome.FAIL, null, null);
                readsOther.incrementAndGet();
            }
        } catch (IOException e) {
            recorder.read(id, invoke, Math.max(invoke, recorder.now()), Outcome.INFO, null, null);
            readsOther.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void problem(String p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        }
    }

    /** No new request goes to {@code node} until {@link #include}. */
    void exclude(NodeProcess node) {
        excluded.add(node);
    }

    void include(NodeProcess node) {
        excluded.remove(node);
    }

    /** Waits (bounded) until no request to {@code node} is in flight; fails on timeout. */
    void awaitNothingInFlight(NodeProcess node, Duration timeout) {
        await("no request to " + node + " in flight")
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .untilAtomic(
                        inFlight.get(node),
                        v -> assertThat(v).as("requests to %s in flight", node).isZero());
    }

    /** Asks every thread to stop after its current request and waits (bounded) until all have. */
    void stopAndAwait(Duration timeout) throws InterruptedException {
        stop = true;
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            threads.forEach(Thread::interrupt);
            throw new AssertionError("client threads still running " + timeout + " after stop: " + summary());
        }
    }

    long ok() {
        return ok.get();
    }

    long fail() {
        return fail.get();
    }

    long info() {
        return info.get();
    }

    long reads() {
        return readsOk.get();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    String summary() {
        return String.format(
                "writes %d ok / %d fail / %d info; reads %d ok / %d not ok",
                ok.get(), fail.get(), info.get(), readsOk.get(), readsOther.get());
    }
}

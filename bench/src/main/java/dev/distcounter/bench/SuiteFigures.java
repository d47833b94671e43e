package dev.distcounter.bench;

import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Every figure of the report, per run, from the results file: requests per second and latencies
 * of each load, ratios to the ceiling of the same run, the 5-node layout's totals, convergence
 * and memory. The report takes medians and spreads of these.
 */
final class SuiteFigures {
    /** The ceiling is loaded at this path (its one handler answers every path alike). */
    static final String CEILING_PATH = "/counter";
    /** The connections of the one-node load the 5-node layout's total is compared with. */
    static final int CLUSTER_CEILING_CONNECTIONS = 64;

    private final SuiteResults results;

    SuiteFigures(SuiteResults results) {
        this.results = results;
    }

    SuiteResults results() {
        return results;
    }

    PerRun requestsPerSec(Server server, String path, int connections) {
        return load(server, path, connections, WrkFigures::requestsPerSec);
    }

    PerRun p50Ms(Server server, String path, int connections) {
        return load(server, path, connections, WrkFigures::p50Ms);
    }

    PerRun p99Ms(Server server, String path, int connections) {
        return load(server, path, connections, WrkFigures::p99Ms);
    }

    /** Requests per second over those of the ceiling at the same connections, run by run. */
    PerRun ratioToCeiling(Server server, String path, int connections) {
        return requestsPerSec(server, path, connections).dividedBy(ceilingRequestsPerSec(connections));
    }

    PerRun ceilingRequestsPerSec(int connections) {
        return requestsPerSec(Server.CEILING, CEILING_PATH, connections);
    }

    /** Answers below 400 per second (see {@link WrkFigures#okPerSec}). */
    PerRun okPerSec(Server server, String path, int connections) {
        return load(server, path, connections, WrkFigures::okPerSec);
    }

    /** Answers with a status of 400 or more (wrk's "Non-2xx or 3xx responses"). */
    PerRun errorAnswers(Server server, String path, int connections) {
        return load(server, path, connections, w -> w.errors().status());
    }

    /** Connect, read, write errors and timeouts: requests that got no answer. */
    PerRun socketErrors(Server server, String path, int connections) {
        return load(
                server, path, connections, w -> w.errors().total() - w.errors().status());
    }

    /**
     * A keyspace load's good answers per second over the one durable node's {@code /counter}
     * requests per second at the same connections, run by run (issue 12's targets).
     */
    PerRun keyspaceRatioToCounter(String path, int connections) {
        return okPerSec(Server.KEYSPACE, path, connections)
                .dividedBy(requestsPerSec(Server.DURABLE, "/counter", connections));
    }

    /** One figure of the keyspace's preload (KvLoad) in each run that has one. */
    PerRun preload(ToDoubleFunction<KvLoadResult> figure) {
        return PerRun.collect(
                results.all(ResultLine.Preload.class).filter(p -> p.result() != null),
                ResultLine.Preload::run,
                p -> figure.applyAsDouble(p.result()),
                Math::max);
    }

    /** The 5-node layout: the requests per second of all nodes' loads of a run, added up. */
    PerRun clusterRequestsPerSec() {
        return PerRun.collect(clusterLoads(), ResultLine.Load::run, l -> l.wrk().requestsPerSec(), Double::sum);
    }

    PerRun clusterNodeRequestsPerSec(int node) {
        return PerRun.collect(
                clusterLoads().filter(l -> l.node() == node),
                ResultLine.Load::run,
                l -> l.wrk().requestsPerSec(),
                Double::sum);
    }

    /** The highest p99 of the nodes' loads in each run. */
    PerRun clusterWorstP99Ms() {
        return PerRun.collect(clusterLoads(), ResultLine.Load::run, l -> l.wrk().p99Ms(), Math::max);
    }

    PerRun clusterRatioToCeiling() {
        return clusterRequestsPerSec().dividedBy(ceilingRequestsPerSec(CLUSTER_CEILING_CONNECTIONS));
    }

    PerRun joinMs() {
        return PerRun.collect(
                results.all(ResultLine.Join.class), ResultLine.Join::run, j -> (double) j.ms(), Math::max);
    }

    /** Time from the end of the write load until all nodes agreed; only runs that converged. */
    PerRun convergeMs() {
        return PerRun.collect(
                results.all(ResultLine.Watch.class)
                        .filter(w -> w.result() != null && w.result().converged()),
                ResultLine.Watch::run,
                w -> w.result().convergeMs(),
                Math::max);
    }

    /** One figure of ConvergenceLatency's result in each run that has one. */
    PerRun convergence(ToDoubleFunction<ConvergenceResult> figure) {
        return PerRun.collect(
                results.all(ResultLine.Convergence.class).filter(c -> c.result() != null),
                ResultLine.Convergence::run,
                c -> figure.applyAsDouble(c.result()),
                Math::max);
    }

    /** VmRSS 1 s after start, before any load (KiB). */
    PerRun rssIdleKb(Server server) {
        return rss(server, 0, ResultLine.Phase.IDLE, r -> (double) r.rssKb());
    }

    /** The highest VmRSS sampled during the 64-connection load (KiB). */
    PerRun rssUnderLoadKb(Server server) {
        return rss(server, 0, ResultLine.Phase.LOAD, r -> (double) r.rssKb());
    }

    /** VmHWM, the highest RSS the process ever had, after its last load (KiB). */
    PerRun hwmKb(Server server, int node) {
        return rss(server, node, ResultLine.Phase.END, r -> (double) r.hwmKb());
    }

    /**
     * VmRSS after its last load: 2 s after for a single server, after items 4 and 5 for a node of
     * the layout, after item 9's loads for a node of the keyspace.
     */
    PerRun rssAfterKb(Server server, int node) {
        ResultLine.Phase phase =
                server == Server.CLUSTER || server == Server.KEYSPACE ? ResultLine.Phase.END : ResultLine.Phase.AFTER;
        return rss(server, node, phase, r -> (double) r.rssKb());
    }

    private PerRun load(Server server, String path, int connections, ToDoubleFunction<WrkFigures> figure) {
        Stream<ResultLine.Load> loads = results.all(ResultLine.Load.class)
                .filter(l -> l.server() == server && l.path().equals(path) && l.connections() == connections);
        // one load per run and key; were there two, the later one counts
        return PerRun.collect(loads, ResultLine.Load::run, l -> figure.applyAsDouble(l.wrk()), (a, b) -> b);
    }

    private Stream<ResultLine.Load> clusterLoads() {
        return results.all(ResultLine.Load.class).filter(l -> l.server() == Server.CLUSTER);
    }

    private PerRun rss(Server server, int node, ResultLine.Phase phase, ToDoubleFunction<ResultLine.Rss> kib) {
        return PerRun.collect(
                results.all(ResultLine.Rss.class)
                        .filter(r -> r.server() == server && r.node() == node && r.phase() == phase),
                ResultLine.Rss::run,
                kib,
                Math::max);
    }
}

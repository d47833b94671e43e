package dev.distcounter.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What looked wrong or should be kept in mind when reading the figures: the report's last section.
 * Problems (wrk errors, no convergence, a program that failed, notes of the script) mean the run's
 * logs are worth keeping; caveats (a busy machine, tmpfs) only qualify the figures.
 */
final class ReportNotes {
    private ReportNotes() {}

    /** The notes in the order they arose: first the caveats about the whole run, then line by line. */
    static List<ResultLine.Note> collect(SuiteResults results) {
        List<ResultLine.Note> notes = new ArrayList<>();
        ResultLine.Suite s = results.suite();
        if ("tmpfs".equals(s.workFs())) {
            notes.add(caveat(s.tmpDir() + " is on tmpfs: fsync costs nothing there, so the durable figures flatter"
                    + " the node; set BENCH_TMPDIR to a directory on a disk"));
        }
        if (s.javaOpts() == null || s.javaOpts().isBlank()) {
            notes.add(caveat("JAVA_OPTS is empty (conf/jvm-options.sh or the environment): the JVMs run with the"
                    + " JDK's defaults"));
        }
        if (busy(s.loadAvg(), s.machine().cpus())) {
            notes.add(caveat("the machine was busy when the suite started (load average " + s.loadAvg() + " on "
                    + s.machine().cpus() + " CPUs): other processes compete with the servers and wrk; the ratios to"
                    + " the ceiling of the same run are the robust figures"));
        }
        for (ResultLine line : results.lines()) {
            if (line instanceof ResultLine.Note n) {
                notes.add(n);
            } else if (line instanceof ResultLine.Load l && l.wrk().errors().total() > 0) {
                notes.add(problem("run " + l.run() + ", " + loadName(l) + ": wrk counted "
                        + l.wrk().errors().total() + " errors or non-2xx answers (see " + l.output() + ")"));
            } else if (line instanceof ResultLine.Join j && !j.allPeers()) {
                notes.add(caveat("run " + j.run() + ": not every node listed all its peers within " + j.ms() / 1000
                        + " s; measuring anyway"));
            } else if (line instanceof ResultLine.Watch w
                    && (w.result() == null || !w.result().converged())) {
                String how = w.result() == null
                        ? "ClusterWatch wrote no result"
                        : String.format(
                                Locale.ROOT,
                                "within %.0f s after the load; last answers %s",
                                w.result().convergeMs() / 1000,
                                w.result().states());
                notes.add(problem("run " + w.run() + ": the cluster did not converge (" + how + "; exit code "
                        + w.exitCode() + ", see " + w.log() + ")"));
            } else if (line instanceof ResultLine.Convergence c && (c.exitCode() != 0 || c.result() == null)) {
                notes.add(problem("run " + c.run() + ": ConvergenceLatency failed or timed out (exit code "
                        + c.exitCode() + "; see " + c.log() + ")"));
            } else if (line instanceof ResultLine.Preload p
                    && (p.exitCode() != 0 || p.result() == null || p.result().failed() > 0)) {
                String how = p.result() == null
                        ? "KvLoad wrote no result"
                        : p.result().failed() + " of " + p.result().keys() + " puts failed, the first: "
                                + p.result().firstFailure();
                notes.add(problem("run " + p.run() + ": the keyspace's preload failed (" + how + "; exit code "
                        + p.exitCode() + ", see " + p.log() + "); gets of the keys it missed answer 404"));
            } else if (line instanceof ResultLine.Program p && p.exitCode() != 0) {
                notes.add(problem(p.className() + " exited with code " + p.exitCode() + " (see " + p.errorLog() + ")"));
            }
        }
        return notes;
    }

    static boolean hasProblems(List<ResultLine.Note> notes) {
        return notes.stream().anyMatch(ResultLine.Note::problem);
    }

    static String render(List<ResultLine.Note> notes) {
        if (notes.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("## Notes\n\n");
        notes.forEach(n -> out.append("- ").append(n.text()).append('\n'));
        return out.append('\n').toString();
    }

    /** Busy: a 1-minute load average above half the CPUs, before the suite started anything. */
    static boolean busy(String loadAvg, int cpus) {
        if (loadAvg == null || loadAvg.isBlank() || cpus <= 0) {
            return false;
        }
        try {
            return Double.parseDouble(loadAvg.strip().split("\\s+", -1)[0]) > cpus / 2.0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code node with WAL + fsync, /increment, 64 connections}; a node of the layout with its number. */
    static String loadName(ResultLine.Load l) {
        String server = l.server().description + (l.server() == Server.CLUSTER ? " " + l.node() : "");
        return server + ", " + l.path() + ", " + l.connections() + " connections";
    }

    private static ResultLine.Note caveat(String text) {
        return new ResultLine.Note(text, false);
    }

    private static ResultLine.Note problem(String text) {
        return new ResultLine.Note(text, true);
    }
}

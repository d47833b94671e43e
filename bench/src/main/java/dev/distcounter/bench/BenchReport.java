package dev.distcounter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The benchmark suite's Markdown report, made from the results file {@code bench/run-bench.sh}
 * writes (one JSON line per measurement, see {@link ResultLine}): the same file always gives the
 * same report, so a kept results file can be reported again.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.BenchReport --results bench/results/bench-T.jsonl
 *     [--out bench/results/bench-T.md]
 * </pre>
 *
 * Without {@code --out} the report goes to stdout. Exit code 0 when it was written, 3 when it was
 * written and lists problems under "Notes" (the script then keeps its logs), 1 when the results
 * file cannot be read, 2 for bad flags.
 */
public final class BenchReport {
    static final int EXIT_PROBLEMS_NOTED = 3;

    private BenchReport() {}

    public static void main(String[] args) {
        CommandLineFlags flags =
                CommandLineFlags.parseOrExit("BenchReport", "--results FILE [--out REPORT.md]", args, "results", "out");
        Path resultsFile = Path.of(flags.requiredText("results"));
        String out = flags.text("out", null);
        SuiteResults results;
        try {
            results = SuiteResults.read(resultsFile);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("BenchReport: cannot read " + resultsFile + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        List<ResultLine.Note> notes = ReportNotes.collect(results);
        String report = render(results, notes, resultsFile.toString());
        try {
            if (out == null) {
                System.out.print(report);
                System.out.flush();
            } else {
                writeAtomically(Path.of(out), report);
            }
        } catch (IOException e) {
            System.err.println("BenchReport: cannot write " + out + ": " + e.getMessage());
            System.exit(1);
        }
        System.exit(ReportNotes.hasProblems(notes) ? EXIT_PROBLEMS_NOTED : 0);
    }

    static String render(SuiteResults results, List<ResultLine.Note> notes, String resultsFile) {
        SuiteFigures figures = new SuiteFigures(results);
        return ReportHeader.render(results, resultsFile)
                + TargetsSection.render(figures)
                + OneNodeSections.render(figures)
                + ClusterSections.render(figures)
                + ProgramSections.render(results, ProgramSections.ITEMS)
                + MemorySection.render(figures)
                + KeyspaceSection.render(figures)
                + ProgramSections.render(results, ProgramSections.KEYSPACE_ITEMS)
                + ReportNotes.render(notes);
    }

    /** A reader of the report never sees half of it: written beside it, then moved over it. */
    private static void writeAtomically(Path target, String text) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

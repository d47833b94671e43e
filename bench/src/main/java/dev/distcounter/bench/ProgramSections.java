package dev.distcounter.bench;

import java.util.List;
import java.util.Optional;

/**
 * Items 6, 7 and 10: programs of the benchmarks jar that write their own Markdown (ClusterGrowth,
 * RestartTime, KvNodeRestart). Their output goes into the report as it is, one heading level down.
 */
final class ProgramSections {
    /** A program of the benchmarks jar and the heading of its item. */
    record Item(String className, String title) {}

    /** Items 6 and 7, in the report's order. */
    static final List<Item> ITEMS = List.of(
            new Item("ClusterGrowth", "6. Growth with cluster size"), new Item("RestartTime", "7. Restart time"));

    /** Item 10, after the keyspace's loads. */
    static final List<Item> KEYSPACE_ITEMS =
            List.of(new Item("KvNodeRestart", "10. Keyspace: a node restarting on a million keys, and its memory"));

    private ProgramSections() {}

    static String render(SuiteResults results, List<Item> items) {
        StringBuilder out = new StringBuilder();
        for (Item item : items) {
            out.append("## ").append(item.title()).append("\n\n");
            Optional<ResultLine.Program> program = results.all(ResultLine.Program.class)
                    .filter(p -> p.className().equals(item.className()))
                    .reduce((first, second) -> second);
            out.append(program.map(ProgramSections::body).orElse("Not run (the results have no line for it).\n\n"));
        }
        return out.toString();
    }

    static String body(ResultLine.Program p) {
        String name = "dev.distcounter.bench." + p.className();
        String args = p.args() == null || p.args().isBlank() ? "" : " " + p.args();
        StringBuilder out = new StringBuilder("`java -cp bench/target/benchmarks.jar ")
                .append(name)
                .append(args)
                .append("` (took ")
                .append(p.seconds())
                .append(" s):\n\n");
        String output = p.output() == null ? "" : p.output().strip();
        // the program's headings sit under the item's heading
        out.append(output.replaceAll("(?m)^#", "##")).append("\n\n");
        if (p.exitCode() != 0) {
            String tail = p.errorTail() == null
                    ? ""
                    : p.errorTail().replace('\n', ' ').strip();
            out.append("(exited with code ")
                    .append(p.exitCode())
                    .append("; its error output: ")
                    .append(tail)
                    .append(")\n\n");
        }
        return out.toString();
    }
}

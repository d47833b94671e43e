package dev.distcounter.bench;

/** Item 8: the resident set size of the ceiling, each node mode and the nodes of the 5-node layout. */
final class MemorySection {
    private MemorySection() {}

    static String render(SuiteFigures f) {
        ResultLine.Suite suite = f.results().suite();
        StringBuilder out = new StringBuilder("## 8. Memory (resident set size)\n\n")
                .append("VmRSS from /proc/PID/status, JVM flags `")
                .append(suite.javaOpts())
                .append("`. Idle: 1 s after the node answered /health, before any load. Under load: the highest"
                        + " VmRSS sampled every 0.1 s during the 64-connection `/increment` load. Highest: VmHWM at"
                        + " the end of all the node's loads. After: 2 s after its last load.\n\n");
        MarkdownTable table =
                new MarkdownTable("process", "idle", "under load (64 conn.)", "highest (VmHWM)", "after the load");
        table.row(
                Server.CEILING.label,
                mb(f.rssIdleKb(Server.CEILING)),
                mb(f.rssUnderLoadKb(Server.CEILING)),
                mb(f.hwmKb(Server.CEILING, 0)),
                FigureCell.MISSING);
        for (Server mode : Server.NODE_MODES) {
            table.row(
                    "node, " + mode.label,
                    mb(f.rssIdleKb(mode)),
                    mb(f.rssUnderLoadKb(mode)),
                    mb(f.hwmKb(mode, 0)),
                    mb(f.rssAfterKb(mode, 0)));
        }
        out.append(table).append('\n').append("Nodes of the 5-node layout after items 4 and 5 (VmRSS / VmHWM): ");
        for (int node = 1; node <= suite.plan().clusterNodes(); node++) {
            out.append(node > 1 ? "; " : "")
                    .append("node ")
                    .append(node)
                    .append(' ')
                    .append(mb(f.rssAfterKb(Server.CLUSTER, node)))
                    .append(" / ")
                    .append(mb(f.hwmKb(Server.CLUSTER, node)));
        }
        return out.append(".\n\n(MB = 1,000,000 bytes, as in the target; 150 MB = 143 MiB.)\n\n")
                .toString();
    }

    private static String mb(PerRun kib) {
        return FigureCell.of(kib, NumberStyle.MEGABYTES_FROM_KIB, " MB");
    }
}

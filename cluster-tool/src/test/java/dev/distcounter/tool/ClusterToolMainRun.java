package dev.distcounter.tool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The tool's command line exactly as given, with no layout added and no cluster behind it. */
final class ClusterToolMainRun {
    private ClusterToolMainRun() {}

    static ToolRunner.Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ClusterToolMain.run(
                args,
                (layout, script, terminal) -> {
                    throw new AssertionError("no cluster expected");
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new ToolRunner.Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

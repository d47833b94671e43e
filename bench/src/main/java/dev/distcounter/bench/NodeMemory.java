package dev.distcounter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of a running node process: its resident set from {@code /proc/PID/status}, and its
 * heap in use after a full collection (asked for with {@code jcmd PID GC.run}, read from the
 * node's own {@code /metrics}), which is what its data holds rather than garbage not yet collected.
 *
 * @param rssKb VmRSS, KiB
 * @param hwmKb VmHWM, the highest VmRSS the process has had, KiB
 * @param heapBytes heap in use after a full collection; empty when it could not be read (no jcmd)
 */
record NodeMemory(long rssKb, long hwmKb, OptionalLong heapBytes) {
    private static final Pattern STATUS_FIELD = Pattern.compile("(?m)^(VmRSS|VmHWM):\\s+(\\d+) kB");
    /** Micrometer's heap pools: {@code jvm_memory_used_bytes{area="heap",id="Eden Space"} 8912896.0}. */
    private static final Pattern HEAP_USED =
            Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*}\\s+(\\S+)$");

    /** Reads {@code pid}'s resident set, then collects its heap and reads what is left through {@code metrics}. */
    static NodeMemory of(long pid, MetricsSource metrics) throws IOException, InterruptedException {
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8);
        OptionalLong heap = OptionalLong.empty();
        if (fullGc(pid)) {
            heap = heapUsed(metrics.read());
        }
        return new NodeMemory(statusKb(status, "VmRSS"), statusKb(status, "VmHWM"), heap);
    }

    /** The node's {@code /metrics} text. */
    interface MetricsSource {
        String read() throws IOException, InterruptedException;
    }

    /** A field of /proc/PID/status in KiB; -1 when it is not there. */
    static long statusKb(String status, String field) {
        Matcher m = STATUS_FIELD.matcher(status);
        while (m.find()) {
            if (m.group(1).equals(field)) {
                return Long.parseLong(m.group(2));
            }
        }
        return -1;
    }

    /** The heap pools' used bytes added up, from Prometheus text; empty when it has none. */
    static OptionalLong heapUsed(String prometheusText) {
        Matcher m = HEAP_USED.matcher(prometheusText);
        double sum = 0;
        boolean any = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            any = true;
        }
        return any ? OptionalLong.of(Math.round(sum)) : OptionalLong.empty();
    }

    /** {@code jcmd PID GC.run} from this JDK; false when there is no jcmd or it failed. */
    private static boolean fullGc(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return false;
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }
}

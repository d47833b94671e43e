package dev.distcounter.bench;

import dev.distcounter.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

final class BenchFiles {
    private BenchFiles() {}

    /** {@code value} as one line of JSON in {@code file} (replaced), for bench/run-bench.sh to collect. */
    static void writeJson(Path file, Object value) throws IOException {
        Files.writeString(file, Json.MAPPER.writeValueAsString(value) + "\n", StandardCharsets.UTF_8);
    }

    static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package dev.distcounter.bench;

import dev.distcounter.wal.WalFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fresh copies of a written log, one per measurement: opening a log changes it (a new
 * incarnation record, and a snapshot when the store closes), so every open must start from the
 * writer's bytes. The lock file is left behind; the opener creates its own.
 */
final class LogCopies {
    private final Path original;
    private final Path parent;
    private int made;

    LogCopies(Path original, Path parent) {
        this.original = original;
        this.parent = parent;
    }

    Path fresh() throws IOException {
        made++;
        Path copy = parent.resolve(original.getFileName() + "-copy-" + made);
        Files.createDirectories(copy);
        List<Path> files;
        try (Stream<Path> list = Files.list(original)) {
            files = list.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            if (!f.getFileName().toString().equals(WalFormat.LOCK_FILE)) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }
}

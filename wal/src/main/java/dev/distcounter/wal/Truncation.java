package dev.distcounter.wal;

import java.nio.file.Path;

/**
 * One cut recovery made.
 *
 * @param file         the segment (or snapshot) that was cut or set aside
 * @param offset       where the cut starts
 * @param bytesDropped how many bytes left the log
 * @param keptCopy     where those bytes were kept (under {@code quarantine/})
 * @param reason       what was wrong there
 * @param tornTail     true for a torn write at the very end of the log (expected after a crash);
 *                     false for damage in the middle, cut only because repair was asked for
 */
public record Truncation(Path file, long offset, long bytesDropped, Path keptCopy, String reason, boolean tornTail) {}

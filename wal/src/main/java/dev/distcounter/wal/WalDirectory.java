package dev.distcounter.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The log's directory: its lock, the listing of segment and snapshot files by sequence number,
 * directory fsync (needed after a create, rename or delete to make it survive a crash), and the
 * quarantine where recovery keeps every byte it cuts.
 */
final class WalDirectory implements AutoCloseable {
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private WalDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and takes its lock, or fails with {@link WalLockedException}. */
    static WalDirectory lock(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(WalFormat.LOCK_FILE);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new WalLockedException(lockFile);
        }
        return new WalDirectory(dir, channel, lock);
    }

    Path path() {
        return dir;
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Segment files keyed by the first sequence number in their name. */
    NavigableMap<Long, Path> segments() throws IOException {
        return list(WalFormat::parseSegmentFileName);
    }

    /** Snapshot files keyed by the sequence number they cover. */
    NavigableMap<Long, Path> snapshots() throws IOException {
        return list(WalFormat::parseSnapshotFileName);
    }

    private NavigableMap<Long, Path> list(Function<Path, Optional<Long>> parser) throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                parser.apply(file).ifPresent(seq -> files.put(seq, file));
            }
        }
        return files;
    }

    /** Removes half-written snapshot files left by a crash; they were never renamed into place. */
    int deleteTempFiles() throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + WalFormat.TEMP_SUFFIX)) {
            for (Path file : stream) {
                Files.deleteIfExists(file);
                deleted++;
            }
        }
        return deleted;
    }

    /** Forces the directory entry changes (creates, renames, deletes) to disk. */
    void sync() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Copies bytes {@code [offset, end)} of {@code file} into the quarantine; returns the copy. */
    Path quarantineTail(Path file, long offset) throws IOException {
        Path copy = unusedQuarantinePath(file.getFileName() + "." + offset + ".cut");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            long position = offset;
            while (position < size) {
                position += in.transferTo(position, size - position, out);
            }
            out.force(true);
        }
        return copy;
    }

    /** Moves a whole file into the quarantine; returns its new path. */
    Path quarantineWhole(Path file) throws IOException {
        Path target = unusedQuarantinePath(file.getFileName().toString());
        Files.move(file, target);
        return target;
    }

    /** A quarantine path that holds nothing yet: an earlier cut is never overwritten. */
    private Path unusedQuarantinePath(String name) throws IOException {
        Path quarantine = Files.createDirectories(dir.resolve(WalFormat.QUARANTINE_DIR));
        Path candidate = quarantine.resolve(name);
        for (int n = 1; Files.exists(candidate); n++) {
            candidate = quarantine.resolve(name + "." + n);
        }
        return candidate;
    }

    /** Cuts {@code file} to {@code length} bytes and forces it. */
    static void truncate(Path file, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
            channel.force(true);
        }
    }

    /** Writes all of {@code buffer} at the channel's position. */
    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}

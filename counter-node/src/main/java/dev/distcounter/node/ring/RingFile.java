package dev.distcounter.node.ring;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where a node keeps its {@link RingMembership} across restarts: {@code <wal-dir>/ring}, so a
 * restarted node still has dead members on its ring. Written whole on every change (a few
 * kilobytes at most, changes are rare) to a temporary file, forced, then renamed over the old
 * one, so a crash leaves the old file or the new one, never a mix. Nothing is kept with
 * {@code --wal=false} ({@link #NONE}).
 *
 * <pre>
 * magic "RING" | format version u8 (1) | the {@link RingCodec} section
 * </pre>
 */
public final class RingFile {
    public static final String NAME = "ring";
    /** Keeps nothing: a node without a data directory. */
    public static final RingFile NONE = new RingFile(null);

    private static final byte[] MAGIC = {'R', 'I', 'N', 'G'};
    private static final byte VERSION = 1;

    private final Path file; // null: none

    private RingFile(Path file) {
        this.file = file;
    }

    /** The ring file in the data directory {@code dir}. */
    public static RingFile in(Path dir) {
        return new RingFile(dir.resolve(NAME));
    }

    public Optional<Path> path() {
        return Optional.ofNullable(file);
    }

    /**
     * What the file holds; empty when there is none.
     *
     * @throws IOException it cannot be read, or is not a ring file (the node refuses to start
     *     rather than forget dead members silently)
     */
    public RingMembership load() throws IOException {
        if (file == null) {
            return RingMembership.EMPTY;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return RingMembership.EMPTY;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            byte[] magic = new byte[MAGIC.length];
            buf.get(magic);
            byte version = buf.get();
            if (!java.util.Arrays.equals(magic, MAGIC) || version != VERSION) {
                throw new IOException(file + " is not a ring file of format " + VERSION);
            }
            RingMembership ring = RingCodec.read(buf);
            if (buf.hasRemaining()) {
                throw new IOException(file + ": " + buf.remaining() + " bytes after the ring");
            }
            return ring;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException(file + " holds no valid ring: " + e.getMessage(), e);
        }
    }

    /** Replaces the file's content with {@code ring}, atomically; nothing without a file. */
    public void save(RingMembership ring) throws IOException {
        if (file == null) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 1 + RingCodec.size(ring));
        buf.put(MAGIC).put(VERSION);
        RingCodec.write(ring, buf);
        buf.flip();
        Path temporary = file.resolveSibling(NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename itself must reach the disk too, or a crash could bring the old file back.
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}

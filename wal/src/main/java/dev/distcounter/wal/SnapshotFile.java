package dev.distcounter.wal;

import static dev.distcounter.wal.WalFormat.SNAPSHOT_HEADER_BYTES;
import static dev.distcounter.wal.WalFormat.SNAPSHOT_HEADER_CRC_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads and writes snapshot files (layout in {@link WalFormat}). A snapshot is written to a
 * temporary file, forced, renamed into place and the directory forced, so a crash leaves either
 * the old set of snapshots or the new one, never a half-written file under a snapshot name.
 */
final class SnapshotFile {
    private SnapshotFile() {}

    /** A snapshot read back: the sequence number it covers and the caller's state bytes (theirs to keep). */
    @SuppressWarnings("ArrayRecordComponent")
    record Contents(long coveredSequence, byte[] state) {}

    static Path write(WalDirectory dir, long coveredSeq, byte[] state, ForceHook forceHook) throws IOException {
        String name = WalFormat.snapshotFileName(coveredSeq);
        Path temp = dir.resolve(name + WalFormat.TEMP_SUFFIX);
        Path target = dir.resolve(name);
        ByteBuffer header = ByteBuffer.allocate(SNAPSHOT_HEADER_BYTES);
        header.putInt(WalFormat.SNAPSHOT_MAGIC)
                .putShort(WalFormat.FORMAT_VERSION)
                .putShort((short) 0)
                .putLong(coveredSeq)
                .putLong(state.length);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, SNAPSHOT_HEADER_CRC_OFFSET);
        crc.update(state);
        header.putInt((int) crc.getValue()).flip();
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            WalDirectory.writeFully(channel, header);
            WalDirectory.writeFully(channel, ByteBuffer.wrap(state));
            forceHook.force(channel);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        dir.sync();
        return target;
    }

    /** Reads and verifies a snapshot, failing with the reason when it is not intact. */
    static Contents read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < SNAPSHOT_HEADER_BYTES) {
            throw new WalCorruptionException(file, 0, "snapshot shorter than its header (" + size + " bytes)");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(SNAPSHOT_HEADER_BYTES);
            readFully(channel, header, 0);
            if (header.getInt(0) != WalFormat.SNAPSHOT_MAGIC) {
                throw new WalCorruptionException(file, 0, "bad snapshot magic");
            }
            if (header.getShort(4) != WalFormat.FORMAT_VERSION) {
                throw new WalCorruptionException(file, 4, "unsupported snapshot version " + header.getShort(4));
            }
            long covered = header.getLong(8);
            long length = header.getLong(16);
            if (length < 0 || length != size - SNAPSHOT_HEADER_BYTES) {
                throw new WalCorruptionException(
                        file, 16, "snapshot length " + length + " does not match file size " + size);
            }
            if (length > Integer.MAX_VALUE - 16) {
                throw new WalCorruptionException(file, 16, "snapshot of " + length + " bytes is too large to load");
            }
            ByteBuffer state = ByteBuffer.allocate((int) length);
            readFully(channel, state, SNAPSHOT_HEADER_BYTES);
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 0, SNAPSHOT_HEADER_CRC_OFFSET);
            crc.update(state.array());
            if ((int) crc.getValue() != header.getInt(SNAPSHOT_HEADER_CRC_OFFSET)) {
                throw new WalCorruptionException(file, 0, "snapshot checksum mismatch");
            }
            return new Contents(covered, state.array());
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of " + channel);
            }
            at += n;
        }
    }
}

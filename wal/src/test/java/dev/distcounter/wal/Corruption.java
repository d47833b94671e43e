package dev.distcounter.wal;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Damages files the way bad disks and crashes do. */
final class Corruption {
    private Corruption() {}

    static void flipBit(Path file, long offset, int bit) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ (1 << bit))).rewind();
            channel.write(one, offset);
        }
    }
}

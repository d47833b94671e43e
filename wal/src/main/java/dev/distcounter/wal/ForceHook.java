package dev.distcounter.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * How the log forces a segment to stable storage. The default is {@code channel.force(false)}
 * (fdatasync: data and the file size, which is all an append needs). Tests put a counting or
 * blocking hook here to observe group commit and the durability contract.
 */
@FunctionalInterface
public interface ForceHook {
    ForceHook FDATASYNC = channel -> channel.force(false);

    void force(FileChannel channel) throws IOException;
}

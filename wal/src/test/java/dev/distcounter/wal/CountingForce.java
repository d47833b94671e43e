package dev.distcounter.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ForceHook} that forces for real and counts how often it was asked to. */
final class CountingForce implements ForceHook {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void force(FileChannel channel) throws IOException {
        count.incrementAndGet();
        channel.force(false);
    }

    int count() {
        return count.get();
    }
}

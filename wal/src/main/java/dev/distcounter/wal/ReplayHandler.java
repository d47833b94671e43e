package dev.distcounter.wal;

import java.nio.ByteBuffer;

/**
 * Receives the log's contents while {@link WriteAheadLog#open} recovers it: first the newest
 * valid snapshot (if any), then every record after it, in sequence order, each exactly once.
 * The buffers are views into the reader's memory, valid only during the call: copy what you keep.
 */
public interface ReplayHandler {
    /** A handler that ignores the contents, for callers that only append. */
    ReplayHandler IGNORE = new ReplayHandler() {
        @Override
        public void onSnapshot(long coveredSequence, ByteBuffer state) {}

        @Override
        public void onRecord(long sequence, byte type, ByteBuffer payload) {}
    };

    void onSnapshot(long coveredSequence, ByteBuffer state);

    void onRecord(long sequence, byte type, ByteBuffer payload);
}

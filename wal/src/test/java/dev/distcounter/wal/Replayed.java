package dev.distcounter.wal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test state machine: a list of record ids (the first 8 bytes of each payload), the same thing a
 * snapshot of it holds. Replaying a log into it must give back exactly the ids appended.
 */
final class Replayed implements ReplayHandler {
    final List<Long> ids = new ArrayList<>();
    final List<Long> sequences = new ArrayList<>();
    long snapshotSequence;

    @Override
    public void onSnapshot(long coveredSequence, ByteBuffer state) {
        snapshotSequence = coveredSequence;
        ids.clear();
        while (state.hasRemaining()) {
            ids.add(state.getLong());
        }
    }

    @Override
    public void onRecord(long sequence, byte type, ByteBuffer payload) {
        sequences.add(sequence);
        ids.add(payload.getLong(payload.position()));
    }

    /** A snapshot of {@code ids}, as the tests' state machine would write one. */
    static byte[] snapshotOf(List<Long> ids) {
        ByteBuffer buf = ByteBuffer.allocate(ids.size() * Long.BYTES);
        ids.forEach(buf::putLong);
        return buf.array();
    }

    /** A payload of {@code size} bytes (at least 8) starting with {@code id}. */
    static byte[] payload(long id, int size) {
        ByteBuffer buf = ByteBuffer.allocate(Math.max(Long.BYTES, size));
        buf.putLong(id);
        while (buf.hasRemaining()) {
            buf.put((byte) (id + buf.position()));
        }
        return buf.array();
    }

    static Replayed open(WalConfig config) throws Exception {
        Replayed replayed = new Replayed();
        WriteAheadLog.open(config, replayed).close();
        return replayed;
    }
}

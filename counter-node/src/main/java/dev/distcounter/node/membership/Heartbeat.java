package dev.distcounter.node.membership;

import dev.distcounter.common.NodeAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A HEARTBEAT frame's payload: who the sender is, whom it follows as leader, and the members it
 * considers alive or suspect (membership gossip: how a cluster without its discovery server keeps
 * finding new and returning nodes).
 *
 * <pre>
 * node id i64 | incarnation i64 | term i64 | leader length u16 (0: none) | leader UTF-8
 * | member count u16 | per member: length u16 (1..255) | address UTF-8
 * </pre>
 */
public record Heartbeat(
        long nodeId, long incarnation, long term, Optional<NodeAddress> leader, List<NodeAddress> members) {
    /** Members beyond this are left out of one heartbeat (the rest travel in later ones). */
    public static final int MAX_MEMBERS = 1_000;

    public Heartbeat {
        members = List.copyOf(members.size() > MAX_MEMBERS ? members.subList(0, MAX_MEMBERS) : members);
    }

    public byte[] encode() {
        byte[] leaderBytes =
                leader.map(l -> l.toString().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        List<byte[]> names = new ArrayList<>(members.size());
        int size = 8 + 8 + 8 + 2 + leaderBytes.length + 2;
        for (NodeAddress m : members) {
            byte[] name = m.toString().getBytes(StandardCharsets.UTF_8);
            names.add(name);
            size += 2 + name.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putLong(nodeId)
                .putLong(incarnation)
                .putLong(term)
                .putShort((short) leaderBytes.length)
                .put(leaderBytes)
                .putShort((short) names.size());
        for (byte[] name : names) {
            buf.putShort((short) name.length).put(name);
        }
        return buf.array();
    }

    /** Decodes a payload; throws {@link IllegalArgumentException} with the reason if it is not one. */
    public static Heartbeat decode(byte[] payload) {
        ByteBuffer buf = ByteBuffer.wrap(payload);
        try {
            long nodeId = buf.getLong();
            long incarnation = buf.getLong();
            long term = buf.getLong();
            String leaderText = string(buf, 0);
            Optional<NodeAddress> leader =
                    leaderText.isEmpty() ? Optional.empty() : Optional.of(NodeAddress.parse(leaderText));
            int count = Short.toUnsignedInt(buf.getShort());
            if (count > MAX_MEMBERS) {
                throw new IllegalArgumentException("heartbeat lists " + count + " members, more than " + MAX_MEMBERS);
            }
            List<NodeAddress> members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                members.add(NodeAddress.parse(string(buf, 1)));
            }
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException(buf.remaining() + " bytes after the heartbeat");
            }
            return new Heartbeat(nodeId, incarnation, term, leader, members);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("heartbeat cut short");
        }
    }

    private static String string(ByteBuffer buf, int minLength) {
        int length = Short.toUnsignedInt(buf.getShort());
        if (length < minLength || length > NodeAddress.MAX_LENGTH) {
            throw new IllegalArgumentException("address length " + length + " out of range");
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

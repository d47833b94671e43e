package dev.distcounter.node.membership;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.ring.RingCodec;
import dev.distcounter.node.ring.RingMembership;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A HEARTBEAT frame's payload: who the sender is, whom it follows as leader, the members it
 * considers alive or suspect (membership gossip: how a cluster without its discovery server keeps
 * finding new and returning nodes), and who is on the ring as it knows it (ring gossip: joins,
 * leaves and removals, {@link RingMembership}).
 *
 * <table>
 *   <caption>Payload, big-endian</caption>
 *   <tr><th>Field</th><th>Type</th><th>Meaning</th></tr>
 *   <tr><td>node id</td><td>i64</td><td>the sender's rank in elections</td></tr>
 *   <tr><td>incarnation</td><td>i64</td><td>the sender's process</td></tr>
 *   <tr><td>term</td><td>i64</td><td>the election term of the leader it follows</td></tr>
 *   <tr><td>leader</td><td>u16 length (0: none) + UTF-8</td><td>the leader it follows</td></tr>
 *   <tr><td>members</td><td>u16 count (0..1000), each u16 length (1..255) + UTF-8</td>
 *       <td>members it has heard from</td></tr>
 *   <tr><td>ring (optional)</td><td>u16 count (0..1000), each u16 length (1..255) + UTF-8 address,
 *       i64 incarnation, u8 status (0 joined, 1 left, 2 removed)</td>
 *       <td>its ring membership ({@link RingCodec}); absent from older nodes' heartbeats, which
 *       decode as an empty ring</td></tr>
 * </table>
 */
public record Heartbeat(
        long nodeId,
        long incarnation,
        long term,
        Optional<NodeAddress> leader,
        List<NodeAddress> members,
        RingMembership ring) {
    /** Members beyond this are left out of one heartbeat (the rest travel in later ones). */
    public static final int MAX_MEMBERS = 1_000;

    public Heartbeat {
        members = List.copyOf(members.size() > MAX_MEMBERS ? members.subList(0, MAX_MEMBERS) : members);
    }

    /** Without a ring section, as nodes before ring gossip sent it. */
    public Heartbeat(
            long nodeId, long incarnation, long term, Optional<NodeAddress> leader, List<NodeAddress> members) {
        this(nodeId, incarnation, term, leader, members, RingMembership.EMPTY);
    }

    public byte[] encode() {
        byte[] leaderBytes =
                leader.map(l -> l.toString().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        List<byte[]> names = new ArrayList<>(members.size());
        int size = 8 + 8 + 8 + 2 + leaderBytes.length + 2 + (ring.size() == 0 ? 0 : RingCodec.size(ring));
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
        if (ring.size() > 0) {
            RingCodec.write(ring, buf);
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
            RingMembership ring = buf.hasRemaining() ? RingCodec.read(buf) : RingMembership.EMPTY;
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException(buf.remaining() + " bytes after the heartbeat");
            }
            return new Heartbeat(nodeId, incarnation, term, leader, members, ring);
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

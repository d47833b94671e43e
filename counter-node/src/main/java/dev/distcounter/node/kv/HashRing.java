package dev.distcounter.node.kv;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Consistent hashing with virtual nodes: which members hold a key. Immutable.
 *
 * <p>The rules, the same on every node, in every version and on every JVM:
 *
 * <ul>
 *   <li><b>Hash.</b> {@link #hash} of a text is the first 8 bytes of SHA-256 of its UTF-8 bytes,
 *       read big-endian as an <em>unsigned</em> 64-bit number (the ring is the space 0..2^64-1,
 *       compared with {@link Long#compareUnsigned}). It is a stable hash: no seed, no
 *       {@code String.hashCode}, so every node computes the same ring and the same positions.
 *   <li><b>Points.</b> Each member (a node name such as {@code 127.0.0.1:9001}) gets
 *       {@code vnodes} points, at tokens {@code hash(member + "#" + i)} for i in 0..vnodes-1.
 *   <li><b>Owner.</b> A key sits at {@code hash(key)}; its owner (primary) is the member of the
 *       first point whose token is at or after that position, wrapping around past 2^64-1 to the
 *       smallest token. Points with equal tokens are ordered by member name, so the smallest name
 *       among them comes first.
 *   <li><b>Walk.</b> The key's preference list: from its owner's point, clockwise, the first
 *       min(n, member count) distinct members, primary first (GoDist's {@code Walk(key, N)}).
 * </ul>
 *
 * The ring depends only on the set of members and {@code vnodes}, never on the order members were
 * given. Building one costs a SHA-256 per point; an owner or a walk is one SHA-256 and a binary
 * search over the sorted tokens.
 */
public final class HashRing {
    private static final BigInteger RING_SIZE = BigInteger.ONE.shiftLeft(64);

    private final List<String> members; // sorted; a point names its member by index here
    private final SortedSet<String> memberSet;
    private final int vnodes;
    private final long[] tokens; // sorted unsigned; equal tokens by member name
    private final int[] memberAt; // memberAt[i]: index in members of the point at tokens[i]

    private HashRing(List<String> members, int vnodes, long[] tokens, int[] memberAt) {
        this.members = members;
        this.memberSet = Collections.unmodifiableSortedSet(new TreeSet<>(members));
        this.vnodes = vnodes;
        this.tokens = tokens;
        this.memberAt = memberAt;
    }

    /**
     * The ring of {@code members} (duplicates count once), each with {@code vnodes} points.
     *
     * @throws IllegalArgumentException vnodes below 1, or a null or empty member name
     */
    public static HashRing of(Collection<String> members, int vnodes) {
        if (vnodes < 1) {
            throw new IllegalArgumentException("vnodes must be at least 1, not " + vnodes);
        }
        for (String member : members) {
            if (member == null || member.isEmpty()) {
                throw new IllegalArgumentException("a ring member needs a name");
            }
        }
        List<String> sorted = List.copyOf(new TreeSet<>(members));
        long[][] tokensByMember = new long[sorted.size()][vnodes];
        MessageDigest sha256 = sha256();
        for (int m = 0; m < sorted.size(); m++) {
            for (int i = 0; i < vnodes; i++) {
                tokensByMember[m][i] = hash(sha256, sorted.get(m) + "#" + i);
            }
        }
        return withTokens(sorted, vnodes, tokensByMember);
    }

    /**
     * The ring whose member {@code sorted.get(m)} has the points {@code tokensByMember[m]}: lets a
     * test place points (equal tokens, a token at a key's position) where SHA-256 never would.
     */
    static HashRing withTokens(List<String> sorted, int vnodes, long[][] tokensByMember) {
        int count = Math.multiplyExact(sorted.size(), vnodes);
        Point[] points = new Point[count];
        for (int m = 0; m < sorted.size(); m++) {
            for (int i = 0; i < vnodes; i++) {
                points[m * vnodes + i] = new Point(tokensByMember[m][i], m);
            }
        }
        // Member indices follow name order, so ordering equal tokens by index orders them by name.
        Arrays.sort(points, (a, b) -> {
            int byToken = Long.compareUnsigned(a.token, b.token);
            return byToken != 0 ? byToken : Integer.compare(a.member, b.member);
        });
        long[] tokens = new long[count];
        int[] memberAt = new int[count];
        for (int p = 0; p < count; p++) {
            tokens[p] = points[p].token;
            memberAt[p] = points[p].member;
        }
        return new HashRing(sorted, vnodes, tokens, memberAt);
    }

    private record Point(long token, int member) {}

    /**
     * The stable hash: the first 8 bytes of SHA-256 of {@code text}'s UTF-8 bytes, big-endian, the
     * same on every node, in every version and on every JVM (a key's position is
     * {@code hash(key)}). Compare results with {@link Long#compareUnsigned}: the ring is ordered as
     * unsigned numbers.
     */
    public static long hash(String text) {
        return hash(sha256(), text);
    }

    private static long hash(MessageDigest sha256, String text) {
        byte[] digest = sha256.digest(text.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }

    /**
     * The key's primary: the member of the first point at or after {@code hash(key)}.
     *
     * @throws IllegalStateException the ring has no members
     */
    public String owner(String key) {
        return members.get(memberAt[firstPointOf(key)]);
    }

    /**
     * The key's preference list: from its owner's point, clockwise, the first min(n, member
     * count) distinct members, primary first.
     *
     * @throws IllegalArgumentException n below 1
     * @throws IllegalStateException    the ring has no members
     */
    public List<String> walk(String key, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a walk needs at least 1 member, not " + n);
        }
        return walkFrom(firstPointOf(key), n);
    }

    private List<String> walkFrom(int start, int n) {
        int wanted = Math.min(n, members.size());
        List<String> found = new ArrayList<>(wanted);
        boolean[] taken = new boolean[members.size()];
        for (int step = 0; found.size() < wanted; step++) {
            int member = memberAt[(start + step) % tokens.length];
            if (!taken[member]) {
                taken[member] = true;
                found.add(members.get(member));
            }
        }
        return Collections.unmodifiableList(found);
    }

    /**
     * The ring cut into its vnode ranges: one per distinct token, holding the positions after the
     * previous distinct token up to its own (the first wraps past 2^64-1), each with the
     * preference list of {@code n} that every key in it has. In token order; they cover the ring
     * exactly once. A ring with one distinct token is one range of the whole ring. Empty for an
     * empty ring.
     *
     * @throws IllegalArgumentException n below 1
     */
    public List<VnodeRange> ranges(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a walk needs at least 1 member, not " + n);
        }
        List<VnodeRange> ranges = new ArrayList<>();
        long previous = tokens.length == 0 ? 0 : tokens[tokens.length - 1];
        for (int p = 0; p < tokens.length; p++) {
            if (p > 0 && tokens[p] == tokens[p - 1]) {
                continue; // the first point at a token owns it: the smallest member name
            }
            ranges.add(new VnodeRange(previous, tokens[p], walkFrom(p, n)));
            previous = tokens[p];
        }
        return Collections.unmodifiableList(ranges);
    }

    /** Index of the first point whose token is at or after the key's position, wrapping to 0. */
    private int firstPointOf(String key) {
        if (tokens.length == 0) {
            throw new IllegalStateException("the ring has no members, so no node holds key " + describe(key));
        }
        long position = hash(key);
        int low = 0;
        int high = tokens.length; // the answer is in low..high; high means "wrap to 0"
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (Long.compareUnsigned(tokens[mid], position) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low == tokens.length ? 0 : low;
    }

    private static String describe(String key) {
        return key.length() <= 64 ? '"' + key + '"' : '"' + key.substring(0, 64) + "...\"";
    }

    /** The members, sorted by name. */
    public SortedSet<String> members() {
        return memberSet;
    }

    public int vnodes() {
        return vnodes;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /**
     * For each member, sorted by name, the fraction of the hash space (2^64 positions) whose
     * primary it is. Exact up to the final rounding to a double: a point owns the positions after
     * the previous point's token up to its own, and the first point also those after the last
     * token (the wrap). The shares sum to 1; empty for an empty ring.
     */
    public Map<String, Double> shares() {
        BigInteger[] owned = new BigInteger[members.size()];
        Arrays.fill(owned, BigInteger.ZERO);
        for (int p = 0; p < tokens.length; p++) {
            long previous = tokens[p == 0 ? tokens.length - 1 : p - 1];
            BigInteger gap = unsigned(tokens[p] - previous); // wraps mod 2^64, as the ring does
            if (p == 0 && gap.signum() == 0) {
                gap = RING_SIZE; // every token equal: the first point owns the whole ring
            }
            owned[memberAt[p]] = owned[memberAt[p]].add(gap);
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        for (int m = 0; m < members.size(); m++) {
            // doubleValue rounds once; dividing by 2^64 is exact.
            shares.put(members.get(m), owned[m].doubleValue() / RING_SIZE.doubleValue());
        }
        return Collections.unmodifiableMap(shares);
    }

    private static BigInteger unsigned(long value) {
        BigInteger low = BigInteger.valueOf(value & Long.MAX_VALUE);
        return value < 0 ? low.setBit(Long.SIZE - 1) : low;
    }

    /** Rings are equal when they have the same members and vnodes: then every walk is the same. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HashRing other && vnodes == other.vnodes && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return 31 * members.hashCode() + vnodes;
    }

    @Override
    public String toString() {
        return "HashRing" + members + " x " + vnodes + " vnodes";
    }
}

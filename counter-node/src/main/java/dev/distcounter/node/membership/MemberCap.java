package dev.distcounter.node.membership;

/**
 * Who may enter a full membership table: pure rules, tested on a table ({@code MemberCapTest}).
 *
 * <p>The table holds two kinds of rows: <b>members</b>, peers this node has heard from directly
 * (a frame with their own sender address) or that the operator named ({@code --seeds}), and
 * <b>hints</b>, peers it has only been told of (by discovery, or the member list of another
 * node's heartbeat). Anyone can make up
 * hints by the thousand, so they get a quarter of the table at most and never push out a member;
 * a peer heard from directly takes a hint's row when the table is full. Only members beyond
 * {@code maxMembers} are refused.
 *
 * <pre>
 *   new hint:    hints < hintLimit and members + hints < maxMembers       -> ADMIT, else REFUSE
 *   new member:  members + hints < maxMembers                             -> ADMIT
 *                members < maxMembers (so there is a hint)                -> ADMIT_REPLACING_A_HINT
 *                otherwise                                                -> REFUSE
 * </pre>
 *
 * @param maxMembers {@code --max-members}: rows of the table, members and hints together
 */
public record MemberCap(int maxMembers) {
    /** The default of {@code --max-members}. */
    public static final int DEFAULT_MAX_MEMBERS = 256;

    /** What to do with a new row. */
    public enum Verdict {
        ADMIT,
        ADMIT_REPLACING_A_HINT,
        REFUSE
    }

    public MemberCap {
        if (maxMembers < 1) {
            throw new IllegalArgumentException("--max-members must be at least 1, not " + maxMembers);
        }
    }

    /** Hints held at most: a quarter of the table, at least one. */
    public int hintLimit() {
        return Math.max(1, maxMembers / 4);
    }

    /** A peer this node was told of, with {@code members} members and {@code hints} hints held. */
    public Verdict newHint(int members, int hints) {
        return hints < hintLimit() && members + hints < maxMembers ? Verdict.ADMIT : Verdict.REFUSE;
    }

    /** A peer this node heard from directly, with {@code members} members and {@code hints} hints held. */
    public Verdict newMember(int members, int hints) {
        if (members + hints < maxMembers) {
            return Verdict.ADMIT;
        }
        return members < maxMembers ? Verdict.ADMIT_REPLACING_A_HINT : Verdict.REFUSE;
    }
}

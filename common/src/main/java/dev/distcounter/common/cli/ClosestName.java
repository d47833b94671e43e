package dev.distcounter.common.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The name a mistyped one most likely meant: the candidate the fewest single-character edits
 * away (a swap of two neighbours counts as one), when that is few enough for the length of what
 * was typed; otherwise the only candidate that starts with it, or the longest one it extends
 * with a {@code -} ({@code max-peers-count} meant {@code max-peers}). Case is ignored.
 */
final class ClosestName {
    private ClosestName() {}

    static Optional<String> among(String typed, Collection<String> candidates) {
        String wanted = typed.toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        // One edit per three characters: "prot" finds "port", "bogus" finds nothing.
        int allowed = Math.max(1, wanted.length() / 3);
        String best = null;
        int bestDistance = allowed + 1;
        for (String candidate : candidates) {
            int distance = distance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        return onlyExtensionOf(wanted, candidates).or(() -> longestPrefixOf(wanted, candidates));
    }

    private static Optional<String> onlyExtensionOf(String wanted, Collection<String> candidates) {
        if (wanted.length() < 3) {
            return Optional.empty();
        }
        String found = null;
        for (String candidate : candidates) {
            if (candidate.toLowerCase(Locale.ROOT).startsWith(wanted)) {
                if (found != null) {
                    return Optional.empty();
                }
                found = candidate;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Optional<String> longestPrefixOf(String wanted, Collection<String> candidates) {
        String found = null;
        for (String candidate : candidates) {
            String lower = candidate.toLowerCase(Locale.ROOT);
            if (wanted.startsWith(lower + "-") && (found == null || candidate.length() > found.length())) {
                found = candidate;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Edits (insert, delete, replace, swap of neighbours) that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}

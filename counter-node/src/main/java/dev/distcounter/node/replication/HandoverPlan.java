package dev.distcounter.node.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which members this node sends a key it holds when the ring changes: the members of the key's
 * new preference list that were not in its old one, sent by one node only where it can be
 * helped (docs/protocol.md, "Joins, leaves and removal"). Pure.
 *
 * <p>Who sends:
 * <ul>
 *   <li>A node that is off the new ring (it left) sends every key whose old list held it: it
 *       hands its ranges over itself.</li>
 *   <li>Otherwise, if a member of the old list LEFT, nobody else sends: the leaver does.</li>
 *   <li>Otherwise the first member of the old list that is still on the ring and believed up
 *       sends (on a join, usually the key's primary; on a removal, the first survivor). Each
 *       node judges "believed up" itself, so two may both send during a failure: the replica
 *       keeps only what is newer, so a duplicate costs a frame, nothing more.</li>
 * </ul>
 */
final class HandoverPlan {
    private HandoverPlan() {}

    /**
     * @param before   the key's old preference list
     * @param after    its new one
     * @param onRing   the members of the new ring
     * @param left     the members that LEFT
     * @param up       whether a member is believed up (this node always is)
     * @return the members to send the key to; empty when none, or when another node sends
     */
    static List<String> targets(
            String self,
            List<String> before,
            List<String> after,
            Set<String> onRing,
            Set<String> left,
            Predicate<String> up) {
        List<String> targets = new ArrayList<>();
        for (String node : after) {
            if (!before.contains(node) && !node.equals(self)) {
                targets.add(node);
            }
        }
        if (targets.isEmpty() || !before.contains(self)) {
            return List.of();
        }
        if (!onRing.contains(self)) {
            return targets;
        }
        for (String node : before) {
            if (left.contains(node)) {
                return List.of();
            }
        }
        for (String node : before) {
            if (onRing.contains(node) && up.test(node)) {
                return node.equals(self) ? targets : List.of();
            }
        }
        return List.of();
    }
}

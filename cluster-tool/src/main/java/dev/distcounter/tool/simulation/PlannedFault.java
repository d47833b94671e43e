package dev.distcounter.tool.simulation;

import java.util.List;

/** A fault the schedule drew, to last until the start of cycle {@link #endCycle()}. */
public sealed interface PlannedFault {
    int endCycle();

    FaultKind kind();

    /** SIGKILL {@code node}. */
    record Kill(int node, int endCycle) implements PlannedFault {
        @Override
        public FaultKind kind() {
            return FaultKind.KILL;
        }
    }

    /** Cut the network between two groups (each sorted, neither empty). */
    record Partition(List<Integer> left, List<Integer> right, int endCycle) implements PlannedFault {
        public Partition {
            left = List.copyOf(left);
            right = List.copyOf(right);
        }

        @Override
        public FaultKind kind() {
            return FaultKind.PARTITION;
        }
    }

    /** Drop a share of the outbound frames of {@code nodes}. */
    record Chaos(List<Integer> nodes, int endCycle) implements PlannedFault {
        public Chaos {
            nodes = List.copyOf(nodes);
        }

        @Override
        public FaultKind kind() {
            return FaultKind.CHAOS;
        }
    }

    /**
     * SIGSTOP {@code node} for {@code millis}; it is resumed (SIGCONT) at the first cycle start at or
     * after {@code endCycle} once {@code millis} have passed.
     */
    record Pause(int node, long millis, int endCycle) implements PlannedFault {
        @Override
        public FaultKind kind() {
            return FaultKind.PAUSE;
        }
    }
}

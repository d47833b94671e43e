package dev.distcounter.checker;

/**
 * The cluster's state when recording began, if it was not zero (a history taken of a cluster
 * that already had operations). Every node held it at the start: a durable node keeps it (every
 * observation there includes it), a node without a WAL may restart without it and relearn it
 * piece by piece; every final state includes all of it.
 *
 * @param value   the counter's value then
 * @param version its version then (the total of all operations before recording began)
 */
public record InitialState(long value, long version) {
    public static final InitialState ZERO = new InitialState(0, 0);

    public InitialState {
        // value = increments - decrements and version = increments + decrements, both non-negative
        if (version < Math.abs(value) || ((version - value) & 1) != 0) {
            throw new IllegalArgumentException("initial value " + value + " and version " + version
                    + " are not the state of any counter (need version >= |value| and the same parity)");
        }
    }
}

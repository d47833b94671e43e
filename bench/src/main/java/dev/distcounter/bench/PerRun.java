package dev.distcounter.bench;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * One figure's value in each run that measured it (runs count from 1). A run that did not
 * measure it has no value, rather than 0, so it cannot pull a median down.
 */
final class PerRun {
    private final SortedMap<Integer, Double> byRun;

    private PerRun(SortedMap<Integer, Double> byRun) {
        this.byRun = Collections.unmodifiableSortedMap(byRun);
    }

    static PerRun of(Map<Integer, Double> byRun) {
        return new PerRun(new TreeMap<>(byRun));
    }

    static PerRun none() {
        return new PerRun(new TreeMap<>());
    }

    /**
     * The values of {@code items}, by run; several items of one run are merged with {@code merge}
     * (e.g. {@code Double::sum} for the nodes of a cluster, {@code Math::max} for samples).
     */
    static <T> PerRun collect(
            Stream<T> items, ToIntFunction<T> run, ToDoubleFunction<T> value, BinaryOperator<Double> merge) {
        SortedMap<Integer, Double> byRun = new TreeMap<>();
        items.forEach(item -> byRun.merge(run.applyAsInt(item), value.applyAsDouble(item), merge));
        return new PerRun(byRun);
    }

    /**
     * This figure divided by {@code other} run by run: a ratio is taken between the figures of the
     * same run, never between medians. Runs without both values, or where {@code other} is not
     * positive, have no ratio.
     */
    PerRun dividedBy(PerRun other) {
        SortedMap<Integer, Double> ratios = new TreeMap<>();
        byRun.forEach((run, value) -> {
            Double divisor = other.byRun.get(run);
            if (divisor != null && divisor > 0) {
                ratios.put(run, value / divisor);
            }
        });
        return new PerRun(ratios);
    }

    boolean isEmpty() {
        return byRun.isEmpty();
    }

    int count() {
        return byRun.size();
    }

    OptionalDouble value(int run) {
        Double v = byRun.get(run);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The median over the runs; empty when no run measured it. */
    OptionalDouble median() {
        return isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(samples().median());
    }

    /** The highest run's value; empty when no run measured it. */
    OptionalDouble max() {
        return isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(samples().max());
    }

    Samples samples() {
        Samples samples = new Samples();
        byRun.values().forEach(samples::add);
        return samples;
    }

    @Override
    public String toString() {
        return byRun.toString();
    }
}

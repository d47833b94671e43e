package dev.distcounter.bench;

import java.util.ArrayList;
import java.util.List;

/** Measured values of one quantity over repeated runs: median, lowest, highest. */
final class Samples {
    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    int count() {
        return values.size();
    }

    /** The middle value; for an even count, the mean of the two middle ones. */
    double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return sorted().get(0);
    }

    double max() {
        return sorted().get(values.size() - 1);
    }

    private List<Double> sorted() {
        if (values.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted;
    }
}

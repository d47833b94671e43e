package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.List;

/**
 * The violations found, keeping the first few in full and counting the rest: one bad node can
 * break every read after it, and a report of 100,000 lines helps nobody.
 */
final class Violations {
    static final int LISTED = 50;

    private final List<String> listed = new ArrayList<>();
    private int unlisted;

    void add(String violation) {
        if (listed.size() < LISTED) {
            listed.add(violation);
        } else {
            unlisted++;
        }
    }

    boolean none() {
        return listed.isEmpty();
    }

    List<String> listed() {
        return List.copyOf(listed);
    }

    int unlisted() {
        return unlisted;
    }
}

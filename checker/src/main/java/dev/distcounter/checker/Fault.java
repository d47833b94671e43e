package dev.distcounter.checker;

import java.util.Objects;

/** A fault the test injected (kill, restart, partition, heal, chaos); informational only. */
public record Fault(String what, String detail, long atMillis) {
    public Fault {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(detail, "detail");
    }
}

package dev.distcounter.common;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Design-by-Contract checks, the Java form of the original's {@code Assert}, {@code AssertEqual}
 * and {@code AssertNotNil}.
 *
 * <p><b>Always on.</b> Unlike the {@code assert} statement these checks do not depend on
 * {@code -ea}: a broken invariant in a storage system must stop the operation that found it,
 * in production too, rather than let it write wrong state to disk or to peers. They cost one
 * branch each; messages are built only on failure (use the {@link Supplier} forms where
 * building the message is not free).
 *
 * <p><b>Only for our own promises.</b> A contract states what this program guarantees to itself.
 * Input from outside (frames from the network, HTTP requests, flags, files on disk) is not a
 * contract: it is validated where it enters and answered with an error, never with a
 * {@link ContractViolation} that would take the node down.
 */
public final class Contracts {
    private Contracts() {}

    /** Fails with {@code "contract violated: <contract>"} unless {@code condition} holds. */
    public static void check(boolean condition, String contract) {
        if (!condition) {
            throw new ContractViolation("contract violated: " + contract);
        }
    }

    /** As {@link #check(boolean, String)}, building the message only when it fails. */
    public static void check(boolean condition, Supplier<String> contract) {
        if (!condition) {
            throw new ContractViolation("contract violated: " + contract.get());
        }
    }

    /** Fails unless {@code expected} equals {@code actual}, naming both values. */
    public static void checkEqual(Object expected, Object actual, String contract) {
        if (!Objects.equals(expected, actual)) {
            throw new ContractViolation(
                    "contract violated: " + contract + " (expected " + expected + ", got " + actual + ")");
        }
    }

    /** Primitive form of {@link #checkEqual(Object, Object, String)}, without boxing. */
    public static void checkEqual(long expected, long actual, String contract) {
        if (expected != actual) {
            throw new ContractViolation(
                    "contract violated: " + contract + " (expected " + expected + ", got " + actual + ")");
        }
    }

    /** Returns {@code value}, failing if it is null. */
    public static <T> T checkNotNull(T value, String what) {
        if (value == null) {
            throw new ContractViolation("contract violated: " + what + " must not be null");
        }
        return value;
    }
}

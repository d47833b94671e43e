package dev.distcounter.common;

/**
 * Thrown when a Design-by-Contract check fails: a precondition, postcondition or invariant
 * that the code itself promised does not hold. It always means a bug in this program, never
 * bad input from outside; input from the network, HTTP or the command line is validated and
 * answered with an error instead (see {@link Contracts}).
 */
public final class ContractViolation extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ContractViolation(String message) {
        super(message);
    }
}

package dev.distcounter.node.http;

import dev.distcounter.common.http.WriteOutcome;

/**
 * A write's error reply in JSON: the reason, and what it means for the operation, so a client
 * reads the outcome instead of parsing the reason.
 *
 * @param outcome {@link WriteOutcome#json()}: {@code not_applied} or {@code indeterminate}
 */
public record WriteErrorView(String error, String outcome) {
    WriteErrorView(String error, WriteOutcome outcome) {
        this(error, outcome.json());
    }
}

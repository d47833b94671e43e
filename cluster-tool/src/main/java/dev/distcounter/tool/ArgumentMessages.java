package dev.distcounter.tool;

import java.util.Optional;
import picocli.CommandLine.ParameterException;

/** A command that words some of picocli's argument errors its own way, as run-cluster.sh always did. */
public interface ArgumentMessages {
    /** The message for {@code error}, or empty for picocli's own. */
    Optional<String> explain(ParameterException error);
}

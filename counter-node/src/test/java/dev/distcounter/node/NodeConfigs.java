package dev.distcounter.node;

import dev.distcounter.node.cli.CounterNodeCommand;
import dev.distcounter.node.cli.CounterNodeMain;
import picocli.CommandLine;

/** Node configurations as the command line builds them, for tests that start real nodes. */
final class NodeConfigs {
    private NodeConfigs() {}

    static NodeConfig parse(String... args) {
        CommandLine cli = CounterNodeMain.commandLine();
        cli.parseArgs(CounterNodeMain.normalize(cli, args));
        return cli.<CounterNodeCommand>getCommand().toConfig();
    }
}

package dev.distcounter.tool;

import picocli.CommandLine.IVersionProvider;

/** The version in the jar's manifest ("dev" when run from classes). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"cluster-tool " + (version == null ? "dev" : version)};
    }
}

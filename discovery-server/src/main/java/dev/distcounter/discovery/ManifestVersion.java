package dev.distcounter.discovery;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version the shaded jar's manifest carries. */
public final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ManifestVersion.class.getPackage().getImplementationVersion();
        // Run from target/classes (tests, IDE) there is no manifest.
        return new String[] {"discovery-server " + (version != null ? version : "(development build)")};
    }
}

package dev.distcounter.tool.keys;

import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The script's key files, kept in step with the cluster's keyrings so that a process the script
 * starts later (start, restart, a simulation's kill) gets the key the others sign with:
 * {@code data/cluster.key} holds the primary key, and {@code data/keys/<fingerprint>.key} a copy
 * of every key installed through the script. A running process's keyring lives only in memory;
 * these files are what survives a restart.
 */
final class ScriptKeyFiles {
    private final Path clusterKeyFile;

    /** {@code clusterKeyFile}: the file the script gives every process ({@code --cluster-key-file}). */
    ScriptKeyFiles(Path clusterKeyFile) {
        this.clusterKeyFile = clusterKeyFile;
    }

    Path clusterKeyFile() {
        return clusterKeyFile;
    }

    private Path copyOf(String fingerprint) {
        return clusterKeyFile.toAbsolutePath().resolveSibling("keys").resolve(fingerprint + ".key");
    }

    /** Keeps a copy of {@code key}, for a later {@link #makePrimary}. */
    void remember(ClusterKey key) throws IOException {
        Path copy = copyOf(key.fingerprint());
        Files.createDirectories(copy.getParent());
        if (Files.exists(copy)) {
            ClusterKeyFile.replace(copy, key);
        } else {
            ClusterKeyFile.create(copy, key);
        }
    }

    /**
     * Makes the cluster key file hold the key {@code fingerprint}, from its copy, after keeping a
     * copy of the key it held.
     *
     * @return the fingerprint of the key the file held before; empty when there is no copy of
     *     {@code fingerprint} (the file is left alone)
     */
    Optional<String> makePrimary(String fingerprint) throws IOException {
        Path copy = copyOf(fingerprint);
        if (!Files.exists(copy)) {
            return Optional.empty();
        }
        ClusterKey next = ClusterKeyFile.read(copy);
        ClusterKey previous = ClusterKeyFile.read(clusterKeyFile);
        remember(previous);
        ClusterKeyFile.replace(clusterKeyFile, next);
        return Optional.of(previous.fingerprint());
    }

    /** Deletes the copy of the key {@code fingerprint}, if there is one. */
    void forget(String fingerprint) throws IOException {
        Files.deleteIfExists(copyOf(fingerprint));
    }

    /** The fingerprint of the key the cluster key file holds now. */
    String primaryFingerprint() {
        return ClusterKeyFile.read(clusterKeyFile).fingerprint();
    }
}

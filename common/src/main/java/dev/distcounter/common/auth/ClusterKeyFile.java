package dev.distcounter.common.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The key file of {@code --cluster-key-file}: one line, the key's 32 bytes in base64 (44
 * characters); whitespace around it is ignored. One key per file. It should be readable by its
 * owner only (mode 600): whoever reads it can change the cluster.
 */
public final class ClusterKeyFile {
    /** The environment variable the node and the discovery server read when the flag is not given. */
    public static final String ENVIRONMENT_VARIABLE = "DISTCOUNTER_CLUSTER_KEY_FILE";

    private ClusterKeyFile() {}

    /**
     * The key in {@code file}.
     *
     * @throws IllegalArgumentException the file cannot be read or holds no valid key; the message
     *     names the file and says what is wrong, in one line
     */
    public static ClusterKey read(Path file) {
        String text;
        try {
            if (Files.size(file) > 4096) {
                throw new IllegalArgumentException(
                        file + " is " + Files.size(file) + " bytes: not a key file; " + ClusterKey.FORMAT);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such key file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key file " + file + ": " + e);
        }
        try {
            return ClusterKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code key} to a new file readable by its owner only (where the file system knows
     * POSIX permissions); never replaces an existing file, so two starts at once cannot both
     * write one.
     *
     * @throws FileAlreadyExistsException the file exists
     */
    public static void create(Path file, ClusterKey key) throws IOException {
        OwnerOnlyFile.createWithLine(file, key.base64());
    }

    /** Writes {@code key} to {@code file}, replacing it whole (owner-only, as {@link #create}). */
    public static void replace(Path file, ClusterKey key) throws IOException {
        Path temp = OwnerOnlyFile.temporaryNextTo(file);
        try {
            Files.writeString(temp, key.base64() + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

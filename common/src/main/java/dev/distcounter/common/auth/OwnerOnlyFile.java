package dev.distcounter.common.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold a secret (the cluster key, the admin token): readable by their owner only
 * (mode 600) from the moment they exist, where the file system knows POSIX permissions, since
 * whoever reads one can change the cluster.
 */
public final class OwnerOnlyFile {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private OwnerOnlyFile() {}

    /**
     * Writes {@code line} and a newline to a new file (and its directory); never replaces an
     * existing file, so of two writers at once exactly one succeeds.
     *
     * @throws java.nio.file.FileAlreadyExistsException the file exists
     */
    public static void createWithLine(Path file, String line) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try (SeekableByteChannel channel = open(file, options)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /** A new temporary file beside {@code file}, owner-only, to be moved over it. */
    static Path temporaryNextTo(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = "." + file.getFileName() + ".";
        try {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createTempFile(dir, prefix, ".tmp", ownerOnly);
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, prefix, ".tmp");
        }
    }

    private static SeekableByteChannel open(Path file, Set<StandardOpenOption> options) throws IOException {
        try {
            return Files.newByteChannel(file, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            return Files.newByteChannel(file, options);
        }
    }
}

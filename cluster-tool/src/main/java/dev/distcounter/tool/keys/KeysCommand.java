package dev.distcounter.tool.keys;

import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.CommandFailure;
import dev.distcounter.tool.UsageError;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.KeyChange;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code keys list|install KEYFILE|use FINGERPRINT|remove FINGERPRINT|generate FILE}: the cluster
 * key's rotation, in the manner of Serf's {@code keys}, applied to the discovery server and every
 * running node through their {@code /admin/keys}, with a line per process; exit 1 if one of them
 * could not be told. The order that rotates a key without losing a frame is install, use, remove
 * (docs/operations.md, "Rotating the cluster key"). {@code generate} writes a new key file and
 * asks nothing of the cluster.
 */
@Command(
        name = "keys",
        description = "List, install, use (sign with) or remove cluster keys on every running process; generate a"
                + " key file.")
public final class KeysCommand implements Callable<Integer> {
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-fA-F]{8}");
    private static final String USAGE =
            "keys needs one of: list, install KEYFILE, use FINGERPRINT, remove" + " FINGERPRINT, generate FILE";

    @ParentCommand
    ClusterToolCommand tool;

    @Parameters(
            arity = "0..*",
            paramLabel = "ACTION ARG",
            description = "list, install KEYFILE, use FINGERPRINT," + " remove FINGERPRINT or generate FILE.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        String action = arg(0);
        return switch (action) {
            case "list" -> list();
            case "install" -> install(Path.of(required("install", "KEYFILE")));
            case "use" -> use(fingerprint("use"));
            case "remove" -> remove(fingerprint("remove"));
            case "generate" -> generate(Path.of(required("generate", "FILE")));
            default ->
                throw new UsageError(action.isEmpty() ? USAGE : "Unknown keys action '" + action + "'; " + USAGE);
        };
    }

    private int list() {
        ClusterSession session = tool.session();
        session.terminal().header("Cluster keys (fingerprints; the primary signs what each process sends)");
        return new KeyRollout(session).list().failed() > 0 ? 1 : 0;
    }

    private int install(Path file) {
        ClusterKey key;
        try {
            key = ClusterKeyFile.read(file);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        ClusterSession session = tool.session();
        Terminal t = session.terminal();
        KeyRollout.Outcome outcome = new KeyRollout(session)
                .apply(
                        "Installing key " + key.fingerprint() + " on every running process",
                        KeyChange.install(key),
                        "could not install key " + key.fingerprint() + "; run the same command again once they"
                                + " answer");
        if (outcome.failed() > 0) {
            return 1;
        }
        Optional<ScriptKeyFiles> files = scriptKeyFiles();
        if (files.isPresent()) {
            try {
                files.get().remember(key);
            } catch (IOException e) {
                throw new CommandFailure("Key installed, but no copy could be kept for the script: " + e);
            }
        }
        t.ok("Key " + key.fingerprint() + " installed on " + outcome.asked() + " process(es); next, sign with it"
                + " everywhere: " + session.scriptName() + " keys use " + key.fingerprint());
        return 0;
    }

    private int use(String fingerprint) {
        ClusterSession session = tool.session();
        Terminal t = session.terminal();
        KeyRollout.Outcome outcome = new KeyRollout(session)
                .apply(
                        "Signing with key " + fingerprint + " on every running process",
                        KeyChange.use(fingerprint),
                        "could not switch to key " + fingerprint + "; every process still accepts both keys: fix"
                                + " them and run the same command again");
        if (outcome.failed() > 0) {
            return 1;
        }
        Optional<String> previous = Optional.empty();
        Optional<ScriptKeyFiles> files = scriptKeyFiles();
        if (files.isPresent()) {
            try {
                previous = files.get().makePrimary(fingerprint);
            } catch (IOException | IllegalArgumentException e) {
                throw new CommandFailure("Every process signs with " + fingerprint + ", but "
                        + files.get().clusterKeyFile() + " could not be updated: " + e.getMessage());
            }
            if (previous.isEmpty()) {
                t.warn(files.get().clusterKeyFile() + " still holds key "
                        + files.get().primaryFingerprint()
                        + ": key " + fingerprint + " was not installed through this script, so processes it starts"
                        + " from now on get the old key");
            }
        }
        String next = previous.filter(old -> !old.equalsIgnoreCase(fingerprint))
                .map(old ->
                        "; next, once you no longer need the old key: " + session.scriptName() + " keys remove " + old)
                .orElse("");
        t.ok("Every running process signs with key " + fingerprint + next);
        return 0;
    }

    private int remove(String fingerprint) {
        ClusterSession session = tool.session();
        Terminal t = session.terminal();
        KeyRollout.Outcome outcome = new KeyRollout(session)
                .apply(
                        "Removing key " + fingerprint + " from every running process",
                        KeyChange.remove(fingerprint),
                        "could not remove key " + fingerprint);
        if (outcome.failed() > 0) {
            return 1;
        }
        Optional<ScriptKeyFiles> files = scriptKeyFiles();
        if (files.isPresent()) {
            try {
                files.get().forget(fingerprint);
            } catch (IOException e) {
                t.warn("Could not delete the script's copy of key " + fingerprint + ": " + e);
            }
        }
        t.ok("Key " + fingerprint + " removed from " + outcome.asked()
                + " process(es): frames signed with it are refused from now on");
        return 0;
    }

    private int generate(Path file) {
        ClusterKey key = ClusterKey.generate(new SecureRandom());
        try {
            ClusterKeyFile.create(file, key);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailure(file + " exists; not replacing it (a key file is never overwritten)");
        } catch (IOException e) {
            throw new CommandFailure("Cannot write " + file + ": " + e);
        }
        tool.terminal()
                .ok("Wrote a new cluster key to " + file + " (fingerprint " + key.fingerprint()
                        + ", readable by its owner only)");
        return 0;
    }

    private Optional<ScriptKeyFiles> scriptKeyFiles() {
        return tool.layout().clusterKeyFile().map(ScriptKeyFiles::new);
    }

    private String fingerprint(String action) {
        String given = required(action, "FINGERPRINT");
        if (!FINGERPRINT.matcher(given).matches()) {
            throw new UsageError("Invalid fingerprint '" + given + "': 8 hex digits, as keys list shows them");
        }
        return given.toLowerCase(Locale.ROOT);
    }

    private String required(String action, String what) {
        String value = arg(1);
        if (value.isEmpty()) {
            throw new UsageError("keys " + action + " needs " + what);
        }
        return value;
    }

    /** The i-th argument, or "". */
    private String arg(int i) {
        return i < args.size() ? args.get(i) : "";
    }
}

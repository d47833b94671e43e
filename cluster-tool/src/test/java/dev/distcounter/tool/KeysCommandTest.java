package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.tool.http.KeyHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys}: the rotation on every running process, the script's key files kept in step, and refusals. */
class KeysCommandTest {
    static final ClusterKey OLD = FakeCluster.STARTING_KEY;
    static final ClusterKey NEW = ClusterKey.generate(new Random(2));

    @TempDir
    Path dir;

    ToolRunner tool;
    Path clusterKey;
    Path newKeyFile;

    @BeforeEach
    void cluster() throws Exception {
        tool = new ToolRunner(dir);
        clusterKey = dir.resolve("data/cluster.key");
        ClusterKeyFile.create(clusterKey, OLD);
        tool.clusterKeyFile = clusterKey;
        newKeyFile = dir.resolve("new.key");
        ClusterKeyFile.create(newKeyFile, NEW);
    }

    @Test
    void listShowsEveryRunningProcessAndWhetherTheyAgree() {
        tool.cluster.stop(4);

        ToolRunner.Result list = tool.run("keys", "list");

        String keys = "primary " + OLD.fingerprint() + "; keys " + OLD.fingerprint();
        assertThat(list.exit()).isZero();
        assertThat(list.lines())
                .containsExactly(
                        "Cluster keys (fingerprints; the primary signs what each process sends)",
                        "Discovery: " + keys,
                        "Node 1: " + keys,
                        "Node 2: " + keys,
                        "Node 3: " + keys,
                        "Node 5: " + keys,
                        "✓ All 5 running processes agree: " + keys);
    }

    @Test
    void aRotationInstallsUsesAndRemovesEverywhereAndKeepsTheScriptsKeyFileInStep() throws Exception {
        ToolRunner.Result install = tool.run("keys", "install", newKeyFile.toString());
        assertThat(install.exit()).isZero();
        String both = "keys " + sorted(OLD, NEW);
        assertThat(install.lines())
                .startsWith("Installing key " + NEW.fingerprint() + " on every running process")
                .contains("✓ Discovery: primary " + OLD.fingerprint() + "; " + both)
                .contains("✓ Node 5: primary " + OLD.fingerprint() + "; " + both)
                .endsWith("✓ Key " + NEW.fingerprint() + " installed on 6 process(es); next, sign with it everywhere:"
                        + " ./run-cluster.sh keys use " + NEW.fingerprint());
        assertThat(install.out()).doesNotContain(NEW.base64());
        assertThat(ClusterKeyFile.read(dir.resolve("data/keys/" + NEW.fingerprint() + ".key")))
                .isEqualTo(NEW);

        ToolRunner.Result use = tool.run("keys", "use", NEW.fingerprint());
        assertThat(use.exit()).isZero();
        assertThat(use.lines())
                .endsWith("✓ Every running process signs with key " + NEW.fingerprint() + "; next, once you no"
                        + " longer need the old key: ./run-cluster.sh keys remove " + OLD.fingerprint());
        assertThat(ClusterKeyFile.read(clusterKey))
                .as("processes the script starts now get the new key")
                .isEqualTo(NEW);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(clusterKey)))
                .isEqualTo("rw-------");
        assertThat(ClusterKeyFile.read(dir.resolve("data/keys/" + OLD.fingerprint() + ".key")))
                .isEqualTo(OLD);

        ToolRunner.Result remove = tool.run("keys", "remove", OLD.fingerprint());
        assertThat(remove.exit()).isZero();
        assertThat(remove.lines())
                .contains("✓ Node 3: primary " + NEW.fingerprint() + "; keys " + NEW.fingerprint())
                .endsWith("✓ Key " + OLD.fingerprint() + " removed from 6 process(es): frames signed with it are"
                        + " refused from now on");
        assertThat(dir.resolve("data/keys/" + OLD.fingerprint() + ".key")).doesNotExist();
        for (int node = 1; node <= 5; node++) {
            assertThat(tool.cluster.keyringOf(KeyHolder.node(node)).fingerprints())
                    .containsExactly(NEW.fingerprint());
        }
        assertThat(tool.cluster.keyringOf(KeyHolder.DISCOVERY).primary()).contains(NEW);
    }

    @Test
    void aProcessThatRefusesIsNamedAndTheCommandFails() {
        tool.cluster.refuseKeysAt(KeyHolder.node(3));

        ToolRunner.Result install = tool.run("keys", "install", newKeyFile.toString());

        assertThat(install.exit()).isEqualTo(1);
        assertThat(install.lines())
                .contains("✗ Node 3: HTTP 409: this process runs without a cluster key")
                .endsWith("✗ 1 process(es) could not install key " + NEW.fingerprint()
                        + "; run the same command again once they answer");
        assertThat(dir.resolve("data/keys"))
                .as("no copy kept for a rotation that did not happen")
                .doesNotExist();
    }

    @Test
    void removingThePrimaryIsRefusedByEveryProcess() {
        ToolRunner.Result remove = tool.run("keys", "remove", OLD.fingerprint());
        assertThat(remove.exit()).isEqualTo(1);
        assertThat(remove.lines())
                .anyMatch(l -> l.startsWith("✗ Node 1: HTTP 409: key " + OLD.fingerprint() + " is the primary"));
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsAsked() throws Exception {
        assertThat(refusal("keys")).startsWith("✗ keys needs one of: list, install KEYFILE, use FINGERPRINT");
        assertThat(refusal("keys", "rotate")).startsWith("✗ Unknown keys action 'rotate'");
        assertThat(refusal("keys", "install")).isEqualTo("✗ keys install needs KEYFILE\n");
        assertThat(refusal("keys", "use", "xyz"))
                .isEqualTo("✗ Invalid fingerprint 'xyz': 8 hex digits, as keys list shows them\n");
        Path shortKey = Files.writeString(dir.resolve("short.key"), "c2hvcnQ=");
        assertThat(refusal("keys", "install", shortKey.toString()))
                .startsWith("✗ " + shortKey + ": the key is too short: 5 bytes");
        assertThat(tool.sessionsOpened()).isZero();
        assertThat(tool.cluster.events).isEmpty();
    }

    @Test
    void generateWritesANewOwnerOnlyKeyAndNeverReplacesOne() throws Exception {
        Path file = dir.resolve("fresh/cluster.key");

        ToolRunner.Result generate = tool.run("keys", "generate", file.toString());

        assertThat(generate.exit()).isZero();
        ClusterKey key = ClusterKeyFile.read(file);
        assertThat(generate.out())
                .isEqualTo("✓ Wrote a new cluster key to " + file + " (fingerprint " + key.fingerprint()
                        + ", readable by its owner only)\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        ToolRunner.Result again = tool.run("keys", "generate", file.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("exists; not replacing it");
        assertThat(ClusterKeyFile.read(file)).isEqualTo(key);
        assertThat(tool.sessionsOpened())
                .as("generate asks nothing of the cluster")
                .isZero();
    }

    private String refusal(String... args) {
        ToolRunner.Result r = tool.run(args);
        assertThat(r.exit()).as("exit of %s", String.join(" ", args)).isEqualTo(2);
        return r.err();
    }

    private static String sorted(ClusterKey a, ClusterKey b) {
        String x = a.fingerprint();
        String y = b.fingerprint();
        return x.compareTo(y) < 0 ? x + ", " + y : y + ", " + x;
    }
}

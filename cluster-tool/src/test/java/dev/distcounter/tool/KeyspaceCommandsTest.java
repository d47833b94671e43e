package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.tool.FakeKeyspace.Trouble;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code put}, {@code get}, {@code delete} and {@code owners}: one line each, and what the exit code says. */
class KeyspaceCommandsTest {
    @TempDir
    Path dir;

    /** "alpha" is held by nodes 4, 5 and 1 of the fake cluster, node 4 its owner. */
    private static final String OWNER = "owner node 4 (localhost:9003)";

    @Test
    void aPutAndAGetOnOtherNodesSayTheValueVersionAndOwner() {
        ToolRunner tool = new ToolRunner(dir);
        assertThat(tool.cluster.keyspace.replicas("alpha")).containsExactly(4, 5, 1);

        ToolRunner.Result put = tool.run("put", "--node=2", "--", "alpha", "first");
        ToolRunner.Result again = tool.run("put", "--node", "4", "alpha", "second");
        ToolRunner.Result get = tool.run("get", "--node=1", "alpha");

        assertThat(put.exit()).isZero();
        assertThat(put.lines()).containsExactly("✓ alpha = \"first\" (version 1) on node 2; " + OWNER);
        assertThat(again.lines()).containsExactly("✓ alpha = \"second\" (version 2) on node 4; " + OWNER);
        assertThat(get.exit()).isZero();
        assertThat(get.lines()).containsExactly("✓ alpha = \"second\" (version 2) on node 1; " + OWNER);
        assertThat(tool.cluster.keyspace.requests)
                .containsExactly("put alpha on 2", "put alpha on 4", "get alpha on 1");
    }

    @Test
    void withoutANodeARandomRunningOneCoordinates() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(1).stop(2).stop(4).stop(5);

        assertThat(tool.run("put", "alpha", "first").lines())
                .containsExactly("✓ alpha = \"first\" (version 1) on node 3; " + OWNER);
        assertThat(tool.run("get", "alpha").exit()).isZero();
        assertThat(tool.run("delete", "alpha").exit()).isZero();
        assertThat(tool.cluster.keyspace.requests)
                .containsExactly("put alpha on 3", "get alpha on 3", "delete alpha on 3");
    }

    @Test
    void keysAndValuesAreDataWhateverTheyLookLike() {
        ToolRunner tool = new ToolRunner(dir);

        ToolRunner.Result put = tool.run("put", "--node=1", "--", "--node=2", "two words\nand a line");
        ToolRunner.Result at = tool.run("put", "--node=1", "--", "@file", "-");

        assertThat(put.exit()).as(put.err()).isZero();
        assertThat(tool.cluster.keyspace.valueOf("--node=2")).isEqualTo("two words\nand a line");
        assertThat(put.lines()).singleElement().asString().startsWith("✓ \"--node=2\" = \"two words\\nand a line\"");
        assertThat(at.exit()).as(at.err()).isZero();
        assertThat(tool.cluster.keyspace.valueOf("@file")).isEqualTo("-");
    }

    @Test
    void aDeletedKeyIsNotFoundAndExitsOneAsGrepDoes() {
        ToolRunner tool = new ToolRunner(dir);
        tool.run("put", "--node=1", "alpha", "first");

        ToolRunner.Result delete = tool.run("delete", "--node=2", "alpha");
        ToolRunner.Result get = tool.run("get", "--node=3", "alpha");

        assertThat(delete.exit()).isZero();
        assertThat(delete.lines()).containsExactly("✓ alpha deleted (version 2) on node 2; " + OWNER);
        assertThat(get.exit()).isEqualTo(1);
        assertThat(get.lines()).containsExactly("! alpha not found on node 3 (never written, or deleted); " + OWNER);
    }

    @Test
    void aFailedPutSaysWhetherItMayHaveBeenApplied() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.keyspace.trouble(3, Trouble.WRITES_REACH_ONE).trouble(4, Trouble.NO_QUORUM_AT_ALL);

        ToolRunner.Result maybe = tool.run("put", "--node=3", "alpha", "first");
        ToolRunner.Result not = tool.run("put", "--node=4", "beta", "first");

        assertThat(maybe.exit()).isEqualTo(1);
        assertThat(maybe.lines())
                .containsExactly("✗ put alpha failed on node 3: write quorum not reached: 1 of W=2 replicas"
                        + " acknowledged within 1000 ms; the write may or may not be applied (outcome: indeterminate)");
        assertThat(not.exit()).isEqualTo(1);
        assertThat(not.lines())
                .containsExactly("✗ put beta failed on node 4: write quorum not reached: the version pre-read had 1"
                        + " of R=2 replies within 1000 ms; nothing was written (outcome: not_applied)");
        assertThat(tool.run("get", "--node=3", "alpha").lines())
                .containsExactly("✗ get alpha failed on node 3: read quorum not reached: 1 of R=2 replicas answered"
                        + " within 1000 ms");
    }

    @Test
    void aStoppedNodeIsTriedAnywayAndNothingIsWritten() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(2);

        ToolRunner.Result put = tool.run("put", "--node=2", "alpha", "first");

        assertThat(put.exit()).isEqualTo(1);
        assertThat(put.lines())
                .containsExactly(
                        "! Node 2 is not running (no live process in " + dir.resolve("logs/node-2.pid")
                                + "); trying anyway",
                        "✗ put alpha failed on node 2: no answer (connection refused) (outcome: not_applied)");
        assertThat(tool.cluster.keyspace.valueOf("alpha")).isNull();
    }

    @Test
    void ownersAreAskedOfNodeOneAndListedPrimaryFirstWithTheirStates() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(5);

        ToolRunner.Result owners = tool.run("owners", "alpha");
        ToolRunner.Result fromFour = tool.run("owners", "--node=4", "alpha");

        assertThat(owners.exit()).isZero();
        String hash = String.format("%016x", (long) "alpha".hashCode());
        assertThat(owners.lines())
                .containsExactly("alpha: node 4 (localhost:9003) alive, node 5 (localhost:9004) dead, node 1"
                        + " (localhost:9000) alive (primary first, as node 1 sees them; ring position " + hash + ")");
        assertThat(fromFour.lines())
                .as("the node asked is alive, whatever it calls itself")
                .singleElement()
                .asString()
                .startsWith("alpha: node 4 (localhost:9003) alive, node 5 (localhost:9004) dead");
        assertThat(tool.cluster.keyspace.requests).containsExactly("owners alpha on 1", "owners alpha on 4");
    }

    @Test
    void ownersAskTheLowestRunningNodeWhenNodeOneIsDown() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(1).stop(2);

        assertThat(tool.run("owners", "alpha").exit()).isZero();
        assertThat(tool.cluster.keyspace.requests).containsExactly("owners alpha on 3");
    }

    @Test
    void badArgumentsExitTwoAndAskNothing() {
        ToolRunner tool = new ToolRunner(dir);

        ToolRunner.Result noValue = tool.run("put", "alpha");
        assertThat(noValue.exit()).isEqualTo(2);
        assertThat(noValue.err()).isEqualTo("✗ Usage: ./run-cluster.sh put KEY VALUE [N]\n");

        ToolRunner.Result node = tool.run("get", "--node=9", "alpha");
        assertThat(node.exit()).isEqualTo(2);
        assertThat(node.err()).isEqualTo("✗ Invalid node number '9': expected 1..5\n");

        ToolRunner.Result extra = tool.run("owners", "alpha", "beta");
        assertThat(extra.exit()).isEqualTo(2);
        assertThat(extra.err()).isEqualTo("✗ Usage: ./run-cluster.sh owners KEY [N]\n");
        assertThat(tool.sessionsOpened()).as("nothing was asked of the cluster").isZero();
    }
}

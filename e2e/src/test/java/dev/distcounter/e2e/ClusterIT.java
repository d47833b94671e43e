package dev.distcounter.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end test starts from: a fresh {@link ClusterProcesses} in its own directory,
 * closed (every process stopped) after the test. The processes log to files in that directory,
 * never to the build's output: when the test fails, the directory is kept and the last lines of
 * every process's log are printed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class ClusterIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    ClusterProcesses cluster;

    @RegisterExtension
    final TestWatcher printLogTailsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (cluster != null) {
                // After @AfterEach: every process has stopped and its log is complete.
                System.out.println("==== " + context.getRequiredTestClass().getSimpleName() + " > "
                        + context.getDisplayName() + " failed; its processes, their logs in " + workDir + ":");
                System.out.print(cluster.report());
            }
        }
    };

    @BeforeEach
    void startCluster() {
        cluster = new ClusterProcesses(workDir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}

package dev.distcounter.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end test starts from: a fresh {@link ClusterProcesses} in its own directory,
 * closed (every process stopped) after the test. The directory, with every process's log, is
 * kept when the test fails.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class ClusterIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    ClusterProcesses cluster;

    @BeforeEach
    void startCluster() {
        cluster = new ClusterProcesses(workDir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}

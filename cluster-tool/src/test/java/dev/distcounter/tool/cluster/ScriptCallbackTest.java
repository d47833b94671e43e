package dev.distcounter.tool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The callback to run-cluster.sh, against small scripts that answer as its hidden commands do. */
class ScriptCallbackTest {
    @TempDir
    Path dir;

    private ScriptCallback script(String body) throws IOException {
        Path file = dir.resolve("run-cluster.sh");
        Files.writeString(file, "case \"$1\" in\n" + body + "\nesac\n");
        return new ScriptCallback(file);
    }

    @Test
    void runningProcessesAreReadFromUnderscoreRunning() throws IOException {
        ScriptCallback callback = script("_running) echo 'discovery 41'; echo 'node 1 42'; echo 'node 3 43' ;;");

        RunningProcesses running = callback.running();

        assertThat(running.discovery()).isEqualTo(OptionalLong.of(41));
        assertThat(running.nodeNumbers()).containsExactly(1, 3);
        assertThat(running.pid(3)).isEqualTo(OptionalLong.of(43));
        assertThat(running.runs(2)).isFalse();
    }

    @Test
    void nothingRunning() throws IOException {
        assertThat(script("_running) ;;").running().nodes()).isEmpty();
    }

    @Test
    void anAnswerItCannotReadIsAnError() throws IOException {
        assertThatThrownBy(() -> script("_running) echo 'node one 42' ;;").running())
                .isInstanceOf(ProcessControlException.class)
                .hasMessageContaining("unexpected line: \"node one 42\"");
        assertThatThrownBy(() -> script("_running) exit 3 ;;").running())
                .isInstanceOf(ProcessControlException.class)
                .hasMessageContaining("_running failed (exit 3)");
    }

    @Test
    void killReturnsThePidOrSaysWhyNot() throws IOException {
        ScriptCallback callback = script("_kill) case \"$2\" in 1) echo 77 ;; 2) exit 1 ;; *) exit 2 ;; esac ;;");

        assertThat(callback.kill(1)).isEqualTo(77);
        assertThatThrownBy(() -> callback.kill(2)).hasMessage("node 2 is not running");
        assertThatThrownBy(() -> callback.kill(3)).hasMessage("node 3 is still alive 5s after SIGKILL");
    }

    @Test
    void pauseReturnsThePidAndResumeSaysWhetherTheNodeRan() throws IOException {
        ScriptCallback callback = script("_pause) case \"$2\" in 1) echo 78 ;; 2) exit 1 ;; *) echo oops ;; esac ;;\n"
                + "    _resume) [ \"$2\" = 1 ] && echo 78 ;;");

        assertThat(callback.pause(1)).isEqualTo(78);
        assertThatThrownBy(() -> callback.pause(2)).hasMessage("node 2 is not running");
        assertThatThrownBy(() -> callback.pause(3)).hasMessageEndingWith("_pause 3 printed no PID: \"oops\"");
        assertThat(callback.resume(1)).isTrue();
        assertThat(callback.resume(2)).isFalse();
    }

    @Test
    void launchIsTheScriptsExitCode() throws IOException {
        ScriptCallback callback = script("_launch) [ \"$2\" = 4 ] ;;");

        assertThat(callback.launch(4)).isTrue();
        assertThat(callback.launch(5)).isFalse();
    }

    @Test
    void aMissingScriptIsAnError() {
        ScriptCallback callback = new ScriptCallback(dir.resolve("nope.sh"));

        assertThatThrownBy(callback::running).isInstanceOf(ProcessControlException.class);
    }
}

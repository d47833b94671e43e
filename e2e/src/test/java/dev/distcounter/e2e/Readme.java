package dev.distcounter.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's README.md as the tests that run it read it: its sections ({@code ## Title} to
 * the next {@code ## }), their {@code ```bash} blocks, and the lines of a block that show what they
 * print ({@code command  # first line printed}).
 */
final class Readme {
    private static final Pattern CODE_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    /** A README command line: the command and the line its comment says it prints. */
    record CommentedLine(String command, String prints) {}

    private final String text;

    private Readme(String text) {
        this.text = text;
    }

    static Readme read() throws IOException {
        return new Readme(Files.readString(
                Path.of(System.getProperty("repo.root")).resolve("README.md"), StandardCharsets.UTF_8));
    }

    String text() {
        return text;
    }

    /** The section headed {@code ## title}, up to the next {@code ## }; fails when there is none. */
    String section(String title) {
        String heading = "\n## " + title + "\n";
        int start = text.indexOf(heading);
        if (start < 0) {
            throw new AssertionError("README.md has no section \"## " + title + "\"");
        }
        int end = text.indexOf("\n## ", start + heading.length());
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** The lines of every {@code ```bash} block of {@code section}, in order. */
    static List<String> bashLines(String section) {
        List<String> lines = new ArrayList<>();
        Matcher block = CODE_BLOCK.matcher(section);
        while (block.find()) {
            lines.addAll(List.of(block.group(1).split("\\n")));
        }
        return lines;
    }

    /** Every line of a bash block of {@code section} that starts with {@code prefix}, split at its comment. */
    static List<CommentedLine> commentedLines(String section, String prefix) {
        List<CommentedLine> lines = new ArrayList<>();
        for (String line : bashLines(section)) {
            int comment = line.indexOf("  # ");
            if (line.startsWith(prefix) && comment > 0) {
                lines.add(new CommentedLine(
                        line.substring(0, comment).strip(),
                        line.substring(comment + 4).strip()));
            }
        }
        return lines;
    }

    /** A line with every number (and decimal) replaced by N; the sign stays. */
    static String shape(String line) {
        return line.strip().replaceAll("\\d+(\\.\\d+)?", "N");
    }
}

package dev.distcounter.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distcounter.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The lines of one results file of the suite, read and typed; the suite line comes first. */
record SuiteResults(ResultLine.Suite suite, List<ResultLine> lines) {

    SuiteResults {
        lines = List.copyOf(lines);
    }

    static SuiteResults read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses JSON Lines; blank lines are skipped. A line that is not a known record, or a file
     * without exactly one suite line, is refused with the line number: a report from a half-read
     * file would show wrong figures as if they were right.
     */
    static SuiteResults parse(List<String> text, String source) {
        List<ResultLine> lines = new ArrayList<>();
        ResultLine.Suite suite = null;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            if (line.isBlank()) {
                continue;
            }
            ResultLine parsed;
            try {
                parsed = Json.MAPPER.readValue(line, ResultLine.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(source + ", line " + (i + 1) + ": " + e.getOriginalMessage(), e);
            }
            if (parsed instanceof ResultLine.Suite s) {
                if (suite != null) {
                    throw new IllegalArgumentException(source + ", line " + (i + 1) + ": a second suite line");
                }
                suite = s;
            }
            lines.add(parsed);
        }
        if (suite == null) {
            throw new IllegalArgumentException(source + ": no suite line (kind \"suite\")");
        }
        return new SuiteResults(suite, lines);
    }

    /** The lines of one kind, in file order. */
    <T extends ResultLine> Stream<T> all(Class<T> kind) {
        return lines.stream().filter(kind::isInstance).map(kind::cast);
    }

    Optional<ResultLine.End> end() {
        return all(ResultLine.End.class).reduce((first, second) -> second);
    }

    ResultLine.Plan plan() {
        return suite.plan();
    }
}

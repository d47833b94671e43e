package dev.distcounter.tool.plot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.checker.Fault;
import dev.distcounter.checker.FinalRead;
import dev.distcounter.checker.History;
import dev.distcounter.checker.NodeInfo;
import dev.distcounter.checker.Operation;
import dev.distcounter.checker.Outcome;
import dev.distcounter.checker.Read;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HistoryPlotTest {
    /** Two nodes; node 1 is cut off from 2 s to 5 s and its value lags; they agree at the end. */
    private static History knownHistory() {
        return new History(
                Map.of("1", new NodeInfo("localhost:9000", true), "2", new NodeInfo("localhost:9001", true)),
                List.of(
                        new Operation("1", 1, 900, 1_000, Outcome.OK, 1L, 1L),
                        new Operation("2", 2, 2_900, 3_000, Outcome.OK, 3L, 2L),
                        new Operation("2", -1, 3_900, 4_000, Outcome.INFO, null, null)),
                List.of(
                        new Read("1", 0, 10, Outcome.OK, 0L, 0L),
                        new Read("2", 0, 20, Outcome.OK, 0L, 0L),
                        new Read("1", 3_500, 3_510, Outcome.OK, 1L, 1L),
                        new Read("1", 3_600, 3_700, Outcome.FAIL, null, null)),
                List.of(
                        new Fault("partition", "1 2", 2_000),
                        new Fault("heal", "partition ended: cleared every injected fault on 2 node(s)", 5_000)),
                List.of(new FinalRead("1", 3, 2, 6_000), new FinalRead("2", 3, 2, 6_000)));
    }

    @Test
    void drawsOneLinePerNodeFromItsAnswersAndTheFaultAsABand() throws Exception {
        Document svg = parse(HistoryPlot.svg(knownHistory(), "VALID"));

        Element root = svg.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("Simulation: VALID (3 ops, 1 faults, 2 nodes)");

        List<Element> series = withClass(svg, "polyline", "series");
        assertThat(series).extracting(e -> e.getAttribute("data-node")).containsExactly("1", "2");
        // Node 1: read 0, write 1, read 1, final 3 (the failed read is not a point); node 2: read 0, write 3,
        // final 3; as steps, each answer after the first adds a corner where the previous value ends.
        assertThat(points(series.get(0)).length).isEqualTo(7);
        assertThat(points(series.get(1)).length).isEqualTo(5);
        double[][] node1 = points(series.get(0));
        assertThat(node1[1][0]).as("the corner is at the next answer's time").isEqualTo(node1[2][0]);
        assertThat(node1[1][1]).as("at the previous answer's value").isEqualTo(node1[0][1]);
        assertThat(node1[0][0]).isLessThan(node1[2][0]);
        assertThat(node1[6][1]).as("3 is drawn above 0").isLessThan(node1[0][1]);

        List<Element> bands = withClass(svg, "rect", "fault");
        assertThat(bands).hasSize(1);
        Element band = bands.get(0);
        assertThat(band.getAttribute("data-kind")).isEqualTo("partition");
        assertThat(band.getTextContent()).isEqualTo("partition 1 | 2");
        // 0..6000 ms over the plot's width: the band covers 2000..5000, half of it.
        double x = Double.parseDouble(band.getAttribute("x"));
        double width = Double.parseDouble(band.getAttribute("width"));
        double plotWidth = node1[6][0] - node1[0][0];
        assertThat(width / plotWidth).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(x).isBetween(node1[0][0], node1[6][0]);
        assertThat(withClass(svg, "text", "fault-label"))
                .extracting(Element::getTextContent)
                .containsExactly("partition 1 | 2");
    }

    @Test
    void labelsAreEscapedAndTheFileGoesBesideTheHistory(@TempDir Path dir) throws Exception {
        History history = knownHistory();
        List<Fault> faults = new ArrayList<>(history.faults());
        faults.add(new Fault("chaos", "drop <0.2> & \"more\" on nodes 1", 5_500));
        History odd = new History(history.nodes(), history.ops(), history.reads(), faults, history.finals());
        Path file = dir.resolve("history-20260101-120000.jsonl");

        Path svg = HistoryPlot.writeBeside(file, odd, "INVALID");

        assertThat(svg).isEqualTo(dir.resolve("history-20260101-120000.svg"));
        Document parsed = parse(Files.readString(svg));
        assertThat(withClass(parsed, "text", "fault-label"))
                .extracting(Element::getTextContent)
                .contains("chaos drop <0.2> & \"more\" on nodes 1");
        assertThat(parsed.getElementsByTagName("title").item(0).getTextContent())
                .startsWith("Simulation: INVALID");
    }

    @Test
    void anEmptyHistoryIsStillAPicture() throws Exception {
        History empty = new History(Map.of(), List.of(), List.of(), List.of(), List.of());

        Document svg = parse(HistoryPlot.svg(empty, "no verdict"));

        assertThat(withClass(svg, "polyline", "series")).isEmpty();
        assertThat(withClass(svg, "rect", "fault")).isEmpty();
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> withClass(Document svg, String tag, String cssClass) {
        NodeList all = svg.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").equals(cssClass)) {
                found.add(e);
            }
        }
        return found;
    }

    private static double[][] points(Element polyline) {
        String[] pairs = polyline.getAttribute("points").trim().split(" ");
        double[][] points = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            String[] xy = pairs[i].split(",");
            points[i] = new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
        }
        return points;
    }
}

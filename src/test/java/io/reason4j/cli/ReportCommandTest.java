package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reason4j.track.report.Charts;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@code reason4j report} on a run directory made by hand (an RL and an SFT metrics file, a run
 * summary, an evaluation, a budget sweep): the page is well-formed XHTML that fetches nothing, and
 * each plotted line is the run's data, read back from the SVG's path coordinates (count, order,
 * and an exact affine map from data to pixels); the PNGs decode at the expected size and show the
 * series' colours. The page in a real browser: scripts/check-report (docs/reports.md).
 */
class ReportCommandTest {
    static final String SVG = "http://www.w3.org/2000/svg", XHTML = "http://www.w3.org/1999/xhtml";
    static final int STEPS = 25;
    @TempDir Path dir;

    static double reward(int step) {
        return 0.5 + 0.4 * Math.sin(step);
    }

    /** A run directory as a recipe run leaves it, with an evaluation and a budget sweep beside it. */
    Path run() throws IOException {
        Path run = dir.resolve("my-run");
        List<String> rl = new ArrayList<>();
        for (double loss : new double[] {0.9, 0.5, 0.3}) {
            rl.add("{\"step\":0,\"phase\":\"value_pretrain\",\"critic/value_loss\":" + loss + "}");
        }
        rl.add("{\"step\":0,\"phase\":\"eval\",\"eval/accuracy\":0.1,\"eval/response_length/mean\":50.0}");
        for (int s = 1; s <= STEPS; s++) {
            String entropy = s == 7 ? "\"NaN\"" : Double.toString(2 - 0.03 * s);
            rl.add(String.format(Locale.ROOT, "{\"step\":%d,\"phase\":\"train\",\"reward/mean\":%s,\"train/accuracy\":%s,\"actor/entropy\":%s,"
                            + "\"actor/clip_ratio/high\":%s,\"actor/lr\":1.0E-5,\"perf/generation_tokens_per_s\":%d,\"tool/code_ratio\":%s,"
                            + "\"tool/calls_per_response\":%s,\"custom/thing\":%d}",
                    s, reward(s), s / 50.0, entropy, 0.01 * (s % 4), 1000 + 10 * s, s / 25.0, 1 + s / 10.0, s * s));
            if (s % 5 == 0) rl.add(String.format(Locale.ROOT, "{\"step\":%d,\"phase\":\"eval\",\"eval/accuracy\":%s,\"eval/response_length/mean\":%s}",
                    s, 0.1 + s / 100.0, 50.0 + s));
        }
        write(run.resolve("rl/metrics.jsonl"), String.join("\n", rl) + "\n");
        List<String> sft = new ArrayList<>();
        for (int s = 10; s <= 100; s += 10) {
            sft.add(String.format(Locale.ROOT, "{\"step\":%d,\"train/loss\":%s,\"train/learning_rate\":%s,\"train/grad_norm\":0.5,"
                    + "\"train/epoch\":%s,\"train/tokens_per_s\":5000.0}", s, 3.0 / s, 1e-3 * (1 - s / 200.0), s / 50.0));
        }
        write(run.resolve("sft/metrics.jsonl"), String.join("\n", sft) + "\n");
        write(run.resolve("summary.json"), "{\"task\":\"arithmetic\",\"preset\":\"grpo\",\"sft_accuracy\":0.19,\"rl_accuracy\":0.39,"
                + "\"tool\":{\"tool/code_ratio\":1.0},\"evaluations\":[{\"step\":0,\"accuracy\":0.1},{\"step\":25,\"accuracy\":0.35}]}");
        write(run.resolve("eval/held-out/summary.json"), "{\"kind\":\"eval\",\"model\":\"rl/model\",\"data\":\"held-out <200>\",\"problems\":30,"
                + "\"n\":32,\"temperature\":1.0,\"top_p\":0.7,\"metrics\":{\"avg@32\":0.41,\"avg@32_se\":0.05,\"pass@1\":0.41,\"pass@1_se\":0.05,"
                + "\"pass@2\":0.52,\"pass@2_se\":0.05,\"pass@4\":0.61,\"pass@4_se\":0.05,\"pass@8\":0.7,\"pass@8_se\":0.06,\"pass@16\":0.77,"
                + "\"pass@32\":0.83,\"maj@8\":0.5,\"maj@8_se\":0.07,\"maj@2\":0.41,\"maj@32\":0.53},\"mean_response_tokens\":123.4}");
        write(run.resolve("eval/held-out/results.jsonl"), "{\"id\":1}\n{\"id\":2}\n");
        write(run.resolve("eval/sweep/sweep.json"), "{\"kind\":\"budget_sweep\",\"points\":["
                + "{\"budget\":512,\"num_extend\":0,\"accuracy\":0.38,\"accuracy_se\":0.05,\"mean_thinking_tokens\":240.1,\"control\":0.9},"
                + "{\"budget\":64,\"num_extend\":0,\"accuracy\":0.21,\"accuracy_se\":0.05,\"mean_thinking_tokens\":60.2,\"control\":0.98},"
                + "{\"budget\":128,\"num_extend\":0,\"accuracy\":0.3,\"accuracy_se\":0.05,\"mean_thinking_tokens\":118.5,\"control\":0.95},"
                + "{\"budget\":512,\"num_extend\":1,\"accuracy\":0.42,\"accuracy_se\":0.05,\"mean_thinking_tokens\":389.9,\"control\":0.8},"
                + "{\"budget\":256,\"num_extend\":1,\"accuracy\":0.39,\"mean_thinking_tokens\":251.3}],"
                + "\"control\":0.9,\"scaling\":0.0012,\"performance\":0.45}");
        return run;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static Document parse(Path html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(html))));
    }

    static Element figure(Document page, String id) {
        NodeList figures = page.getElementsByTagNameNS(XHTML, "figure");
        for (int i = 0; i < figures.getLength(); i++) {
            Element f = (Element) figures.item(i);
            if (f.getAttribute("id").equals(id)) return f;
        }
        throw new AssertionError("no figure " + id);
    }

    static List<String> series(Element figure) {
        return List.of(figure.getAttribute("data-series").split("\n"));
    }

    /**
     * The points of a series' line in a figure's SVG: the unfilled path of straight segments drawn
     * in the series' colour (by its place in the legend) with the most points; the legend's sample
     * of the same colour is a closed rectangle.
     */
    static List<double[]> line(Element figure, String seriesName) {
        int index = series(figure).indexOf(seriesName);
        assertThat(index).as("%s in %s", seriesName, figure.getAttribute("id")).isNotNegative();
        Color c = Charts.PALETTE.get(index);
        String stroke = "rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
        NodeList paths = figure.getElementsByTagNameNS(SVG, "path");
        List<double[]> best = List.of();
        for (int i = 0; i < paths.getLength(); i++) {
            Element p = (Element) paths.item(i);
            String d = p.getAttribute("d").strip();
            if (!p.getAttribute("fill").equals("none") || !stroke.equals(inherited(p, "stroke")) || !d.matches("M[-0-9. L]*")) continue;
            List<double[]> points = new ArrayList<>();
            for (String segment : d.substring(1).split("L")) {
                String[] xy = segment.strip().split("\\s+");
                points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
            }
            if (points.size() > best.size()) best = points;
        }
        return best;
    }

    static String inherited(Element e, String attribute) {
        for (Node n = e; n instanceof Element el; n = n.getParentNode()) {
            if (el.hasAttribute(attribute)) return el.getAttribute(attribute);
        }
        return null;
    }

    /** Pixels are an affine function of the data: x grows with {@code xs}, y falls as {@code ys} rises (SVG's y points down). */
    static void assertDrawnAt(List<double[]> pixels, double[] xs, double[] ys) {
        assertThat(pixels).hasSize(xs.length);
        int a = 0, b = 0;
        for (int i = 0; i < ys.length; i++) {
            if (ys[i] < ys[a]) a = i;
            if (ys[i] > ys[b]) b = i;
        }
        double xScale = (pixels.getLast()[0] - pixels.getFirst()[0]) / (xs[xs.length - 1] - xs[0]);
        double yScale = (pixels.get(b)[1] - pixels.get(a)[1]) / (ys[b] - ys[a]);
        assertThat(xScale).isPositive();
        assertThat(yScale).isNegative();
        for (int i = 0; i < xs.length; i++) {
            assertThat(pixels.get(i)[0]).as("x of point %d", i).isCloseTo(pixels.getFirst()[0] + xScale * (xs[i] - xs[0]), within(0.02));
            assertThat(pixels.get(i)[1]).as("y of point %d", i).isCloseTo(pixels.get(a)[1] + yScale * (ys[i] - ys[a]), within(0.02));
        }
    }

    static double[] steps(int from, int to, int by) {
        return java.util.stream.IntStream.iterate(from, s -> s <= to, s -> s + by).asDoubleStream().toArray();
    }

    @Test
    void thePageShowsEveryMetricOfTheRunAndThePlotsAreItsData() throws Exception {
        Path run = run();
        CommandLineTest.Result r = CommandLineTest.run("report", run.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path out = run.resolve("report"), html = out.resolve("index.html");
        assertThat(r.out()).contains(html.toString());

        String text = Files.readString(html);
        Document page = parse(html);
        // Self-contained: no script, no stylesheet or image fetched, no URL but the XML namespaces; every id unique.
        for (String tag : List.of("script", "link", "img", "iframe", "object", "embed")) {
            assertThat(page.getElementsByTagNameNS("*", tag).getLength()).as(tag).isZero();
        }
        assertThat(text.replace("http://www.w3.org/1999/xhtml", "").replace("http://www.w3.org/2000/svg", "")
                .replace("http://www.w3.org/1999/xlink", "")).doesNotContain("http:").doesNotContain("https:").doesNotContain("url(http");
        NodeList all = page.getElementsByTagNameNS("*", "*");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("id")) assertThat(ids.add(e.getAttribute("id"))).as("id %s once", e.getAttribute("id")).isTrue();
            String href = e.getAttribute("href");
            if (!href.isEmpty()) assertThat(href).matches("#.+|[a-z0-9-]+\\.png");
        }
        // Sections: the run first, then the others.
        NodeList h2 = page.getElementsByTagNameNS(XHTML, "h2");
        List<String> sections = new ArrayList<>();
        for (int i = 0; i < h2.getLength(); i++) sections.add(h2.item(i).getTextContent());
        assertThat(sections).first().isEqualTo("my-run");
        assertThat(sections).containsExactlyInAnyOrder("my-run", "rl", "sft", "eval/held-out", "eval/sweep");

        // Reward: one point per step, in step order, where the values say.
        double[] rewards = new double[STEPS];
        for (int s = 1; s <= STEPS; s++) rewards[s - 1] = reward(s);
        Element reward = figure(page, "fig-rl-reward");
        assertThat(series(reward)).containsExactly("reward/mean");
        assertDrawnAt(line(reward, "reward/mean"), steps(1, STEPS, 1), rewards);

        // Train and eval accuracy share a plot and an x axis; eval has its six points.
        Element accuracy = figure(page, "fig-rl-accuracy");
        assertThat(series(accuracy)).containsExactly("eval/accuracy", "train/accuracy");
        double[] evalSteps = steps(0, STEPS, 5), evalAccuracy = new double[evalSteps.length];
        for (int i = 0; i < evalSteps.length; i++) evalAccuracy[i] = 0.1 + evalSteps[i] / 100.0;
        assertDrawnAt(line(accuracy, "eval/accuracy"), evalSteps, evalAccuracy);
        assertThat(line(accuracy, "train/accuracy")).hasSize(STEPS);
        double trainX0 = line(accuracy, "train/accuracy").getFirst()[0], evalX5 = line(accuracy, "eval/accuracy").get(1)[0];
        assertThat(trainX0).isLessThan(evalX5);

        // The NaN logged at step 7 is a gap, not a point.
        double[] entropySteps = java.util.stream.DoubleStream.of(steps(1, STEPS, 1)).filter(s -> s != 7).toArray();
        double[] entropy = java.util.stream.DoubleStream.of(entropySteps).map(s -> 2 - 0.03 * s).toArray();
        assertDrawnAt(line(figure(page, "fig-rl-entropy"), "actor/entropy"), entropySteps, entropy);

        // Value pretraining, all at step 0, is plotted against its records, apart from training.
        Element pretrain = figure(page, "fig-rl-loss-value-pretrain");
        assertDrawnAt(line(pretrain, "value_pretrain/critic/value_loss"), new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3});

        // Themes: clip, tool (fractions apart from counts), learning rate, throughput, and what fits none under Other.
        assertThat(series(figure(page, "fig-rl-clip"))).containsExactly("actor/clip_ratio/high");
        assertThat(series(figure(page, "fig-rl-tool"))).containsExactly("tool/calls_per_response");
        assertThat(series(figure(page, "fig-rl-tool-fraction"))).containsExactly("tool/code_ratio");
        assertThat(series(figure(page, "fig-rl-learning-rate"))).containsExactly("actor/lr");
        assertThat(series(figure(page, "fig-rl-throughput"))).containsExactly("perf/generation_tokens_per_s");
        assertThat(series(figure(page, "fig-rl-other"))).containsExactly("custom/thing");
        assertThat(series(figure(page, "fig-rl-response-length"))).containsExactly("eval/response_length/mean");
        for (String f : List.of("fig-sft-loss", "fig-sft-learning-rate", "fig-sft-grad-norm", "fig-sft-throughput", "fig-sft-other")) figure(page, f);
        assertDrawnAt(line(figure(page, "fig-sft-loss"), "train/loss"), steps(10, 100, 10),
                java.util.stream.DoubleStream.of(steps(10, 100, 10)).map(s -> 3.0 / s).toArray());

        // Every metric of the file is in the table, with its final value.
        Set<String> logged = new LinkedHashSet<>();
        for (String line : Files.readAllLines(run.resolve("rl/metrics.jsonl"))) {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).properties().forEach(e -> {
                if (!e.getKey().equals("step") && !e.getKey().equals("phase")) logged.add(e.getKey());
            });
        }
        logged.remove("critic/value_loss");
        logged.add("value_pretrain/critic/value_loss");
        String rlSection = text.substring(text.indexOf("<section id=\"sec-rl\">"), text.indexOf("</section>", text.indexOf("<section id=\"sec-rl\">")));
        for (String name : logged) assertThat(rlSection).contains("<td class=\"text\">" + name + "</td>");
        assertThat(rlSection).contains("<td>" + String.format(Locale.ROOT, "%.4g", reward(STEPS)).replaceAll("0+$", "") + " (step 25)</td>");

        // The evaluation: pass@k on a log2 axis (k = 1 … 32), maj@k; settings escaped as text.
        Element eval = figure(page, "fig-eval-held-out-pass-maj-at-k");
        assertThat(series(eval)).containsExactly("pass@k", "maj@k");
        double[] log2k = {0, 1, 2, 3, 4, 5};
        assertDrawnAt(line(eval, "pass@k"), log2k, new double[] {0.41, 0.52, 0.61, 0.7, 0.77, 0.83});
        assertThat(line(eval, "maj@k")).hasSize(3);
        assertThat(text).contains("held-out &lt;200&gt;").contains("results.jsonl (2 lines)");

        // The budget sweep: accuracy against thinking tokens, one line per num_extend, in budget order; s1's metrics.
        Element sweep = figure(page, "fig-eval-sweep-budget-sweep");
        assertThat(series(sweep)).containsExactly("num_extend=0", "num_extend=1");
        assertDrawnAt(line(sweep, "num_extend=0"), new double[] {60.2, 118.5, 240.1}, new double[] {0.21, 0.3, 0.38});
        assertThat(text).contains("<td class=\"text\">scaling</td><td>0.0012</td>");

        // The run's summary.json, nested fields flattened, its list of evaluations as a table.
        assertThat(text).contains("<td class=\"text\">rl_accuracy</td><td class=\"text\">0.39</td>").contains("<td class=\"text\">tool.tool/code_ratio</td>");

        // A PNG per figure, linked from it, 640 × 360, with the series' colours drawn in it.
        NodeList figures = page.getElementsByTagNameNS(XHTML, "figure");
        List<Path> pngs;
        try (Stream<Path> files = Files.list(out)) {
            pngs = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertThat(pngs).hasSize(figures.getLength());
        assertThat(r.out()).contains(figures.getLength() + " plots in 5 sections");
        for (int i = 0; i < figures.getLength(); i++) {
            Element f = (Element) figures.item(i);
            String png = f.getAttribute("id").substring("fig-".length()) + ".png";
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(640);
            assertThat(image.getHeight()).isEqualTo(360);
            for (int k = 0; k < series(f).size(); k++) {
                assertThat(pixelsOf(image, Charts.PALETTE.get(k))).as("%s: pixels of series %d's colour", png, k).isGreaterThan(10);
            }
        }

        // Made again: the earlier report is replaced as a whole.
        Files.writeString(out.resolve("stale.png"), "old");
        CommandLineTest.Result again = CommandLineTest.run("report", run.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(out.resolve("stale.png")).doesNotExist();
        assertThat(out.resolve("rl-reward.png")).exists();
    }

    static int pixelsOf(BufferedImage image, Color c) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) n++;
        }
        return n;
    }

    @Test
    void aFileNameEndingInHtmlGetsThePageWithThePngsBesideIt() throws Exception {
        Path run = run(), page = dir.resolve("out/run.html");
        write(run.resolve("rl-x/metrics.jsonl"), "{\"step\":1,\"reward/mean\":1.0}\n"); // its slug is rl-x, as rl/x's would be
        write(run.resolve("rl/x/metrics.jsonl"), "{\"step\":1,\"reward/mean\":2.0}\n");
        CommandLineTest.Result r = CommandLineTest.run("report", run.toString(), "--out", page.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(page).exists();
        assertThat(dir.resolve("out/rl-reward.png")).exists();
        assertThat(run.resolve("report")).doesNotExist();
        parse(page);
        assertThat(dir.resolve("out/rl-x-reward.png")).exists();
        assertThat(dir.resolve("out/rl-x-2-reward.png")).exists();
    }

    @Test
    void aLineThatIsNotJsonIsReportedWithItsFileAndLineAndNothingIsWritten() throws Exception {
        Path run = run();
        List<String> lines = new ArrayList<>(Files.readAllLines(run.resolve("rl/metrics.jsonl")));
        lines.set(2, "{\"step\": 3, \"reward/mean\": ");
        Files.write(run.resolve("rl/metrics.jsonl"), lines);
        CommandLineTest.Result r = CommandLineTest.run("report", run.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("reason4j report: rl/metrics.jsonl:3: not valid JSON").doesNotContain("\tat ");
        assertThat(run.resolve("report")).doesNotExist();

        lines.set(2, "{\"reward/mean\": 0.5}");
        Files.write(run.resolve("rl/metrics.jsonl"), lines);
        r = CommandLineTest.run("report", run.toString());
        assertThat(r.err().strip()).isEqualTo("reason4j report: rl/metrics.jsonl:3: no \"step\"; every record needs \"step\": an integer");
    }

    @Test
    void aLastLineCutShortByAKillIsLeftOutWithAWarning() throws Exception {
        Path run = run();
        Files.writeString(run.resolve("sft/metrics.jsonl"), "{\"step\":10,\"train/loss\":2.0}\n{\"step\":20,\"train/loss\":1.5}\n{\"step\":30,\"tra");
        CommandLineTest.Result r = CommandLineTest.run("report", run.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: sft/metrics.jsonl:3: the last line is cut short");
        assertThat(Files.readString(run.resolve("report/index.html"))).contains("sft/metrics.jsonl:3: the last line is cut short");
    }

    @Test
    void aDirectoryWithNothingToReportOrAnOutputThatIsNotAReportIsRefused() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty/deep"));
        CommandLineTest.Result r = CommandLineTest.run("report", empty.getParent().toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("holds no metrics.jsonl, summary.json or sweep.json");

        r = CommandLineTest.run("report", dir.resolve("missing").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is not a directory");

        Path run = run(), mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        r = CommandLineTest.run("report", run.toString(), "--out", mine.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not an earlier report");
        assertThat(Files.readString(mine.resolve("notes.txt"))).isEqualTo("keep me");

        write(run.resolve("eval/held-out/summary.json"), "{\"kind\":\"eval\",\"problems\":3}");
        r = CommandLineTest.run("report", run.toString());
        assertThat(r.err().strip()).startsWith("reason4j report: eval/held-out/summary.json: \"kind\": \"eval\" but no \"metrics\" object");
        write(run.resolve("eval/held-out/summary.json"), "{\"kind\":");
        r = CommandLineTest.run("report", run.toString());
        assertThat(r.err().strip()).startsWith("reason4j report: eval/held-out/summary.json: not valid JSON");
        write(run.resolve("eval/held-out/summary.json"), "{}");
        write(run.resolve("eval/sweep/sweep.json"), "{\"kind\":\"budget_sweep\",\"points\":[{\"budget\":64}]}");
        r = CommandLineTest.run("report", run.toString());
        assertThat(r.err().strip()).startsWith("reason4j report: eval/sweep/sweep.json: points[0]: no \"accuracy\"");
        assertThat(r.err()).doesNotContain("Exception");
    }
}

package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reason4j verify} as a user runs it: one pair, a TSV or JSONL batch, and the mistakes. */
class VerifyCommandTest {
    @TempDir Path dir;

    static CommandLineTest.Result run(String... args) {
        return CommandLineTest.run(args);
    }

    @Test
    void onePairPrintsOneJsonObject() throws Exception {
        CommandLineTest.Result r = run("verify", "--gold", "\\frac{1}{2}", "--pred", "so the answer is $\\boxed{0.5}$.");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("equivalent").asBoolean()).isTrue();
        assertThat(j.get("extracted_gold").asText()).isEqualTo("\\frac{1}{2}");
        assertThat(j.get("extracted_pred").asText()).isEqualTo("0.5");
        assertThat(j.get("reason").asText()).contains("exact");
        assertThat(j.get("rule").asText()).isEqualTo("boxed");
        JsonNode no = new ObjectMapper().readTree(run("verify", "--gold", "4", "--pred", "\\boxed{4\\sqrt{2}}").out());
        assertThat(no.get("equivalent").asBoolean()).isFalse();
    }

    @Test
    void theAnswerPolicyAndTheFloatRoundingAreOptions() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String unstated = "The interpreter printed 3, so I am not sure.";
        JsonNode lenient = json.readTree(run("verify", "--gold", "3", "--pred", unstated).out());
        assertThat(lenient.get("equivalent").asBoolean()).isTrue();
        assertThat(lenient.get("rule").asText()).isEqualTo("plain_number");
        assertThat(lenient.get("reason").asText()).startsWith("plain_number: ");
        JsonNode strict = json.readTree(run("verify", "--gold", "3", "--pred", unstated, "--answer-policy", "strict").out());
        assertThat(strict.get("equivalent").asBoolean()).isFalse();
        assertThat(strict.get("rule").isNull()).isTrue();
        assertThat(strict.get("reason").asText()).contains("no answer found", "boxed, anchored_phrase");
        assertThat(json.readTree(run("verify", "--gold", "\\frac13", "--pred", "\\boxed{0.33}").out()).get("equivalent").asBoolean()).isFalse();
        assertThat(json.readTree(run("verify", "--gold", "\\frac13", "--pred", "\\boxed{0.33}", "--float-rounding", "2").out())
                .get("equivalent").asBoolean()).isTrue();
        assertOneLineError(run("verify", "--gold", "3", "--pred", "3", "--answer-policy", "loose"), "--answer-policy", "strict, lenient");
        assertOneLineError(run("verify", "--gold", "3", "--pred", "3", "--float-rounding", "500"), "--float-rounding", "0 to 100");
    }

    @Test
    void aTsvFileGetsASummaryAndItsDisagreements() throws Exception {
        Path tsv = dir.resolve("cases.tsv");
        Files.writeString(tsv, """
                id\tgold\tpred\texpected\tnote
                a\t1/2\t\\boxed{0.5}\ttrue\tfraction
                b\t4\t\\boxed{4\\sqrt{2}}\ttrue\tdeliberately wrong expectation
                c\t28\\%\t\\boxed{0.28}\tfalse\tpercent

                d\t7\t\\boxed{7}\t\tno expectation
                """);
        CommandLineTest.Result r = run("verify", "--file", tsv.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("cases: 4").contains("equivalent: 2").contains("agreement with expected: 2/3 (66.7%)")
                .contains("line 3: expected true, got false").doesNotContain("line 2:");

        CommandLineTest.Result json = run("verify", "--file", tsv.toString(), "--json");
        List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(4);
        ObjectMapper m = new ObjectMapper();
        assertThat(lines.stream().map(l -> readTree(m, l).get("equivalent").asBoolean()).toList()).containsExactly(true, false, false, true);
        assertThat(readTree(m, lines.get(2)).get("line").asInt()).isEqualTo(4);
        assertThat(readTree(m, lines.get(0)).get("reason").asText()).isNotBlank();
    }

    @Test
    void aJsonlFileWorksTheSame() {
        Path jsonl = dir.resolve("cases.jsonl");
        writeString(jsonl, """
                {"gold": "x = 5", "pred": "\\\\boxed{5}", "expected": true}
                {"gold": "\\\\{1,2\\\\}", "pred": "\\\\boxed{2}", "expected": false}
                """);
        CommandLineTest.Result r = run("verify", "--file", jsonl.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("cases: 2").contains("agreement with expected: 2/2 (100.0%)").doesNotContain("disagreements");
    }

    @Test
    void badFilesGetOneLineErrorsNamingFileAndLine() {
        Path noHeader = dir.resolve("bad.tsv");
        writeString(noHeader, "answer\tresponse\n1\t1\n");
        assertOneLineError(run("verify", "--file", noHeader.toString()), "bad.tsv:1:", "gold and pred");
        Path shortRow = dir.resolve("short.tsv");
        writeString(shortRow, "gold\tpred\n1\t1\n2\n");
        assertOneLineError(run("verify", "--file", shortRow.toString()), "short.tsv:3:", "2 tab-separated fields");
        Path badExpected = dir.resolve("expected.tsv");
        writeString(badExpected, "gold\tpred\texpected\n1\t1\tmaybe\n");
        assertOneLineError(run("verify", "--file", badExpected.toString()), "expected.tsv:2:", "'maybe' is not true or false");
        Path badJson = dir.resolve("bad.jsonl");
        writeString(badJson, "{\"gold\": \"1\", \"pred\": \"1\"}\n{\"gold\": 1\n");
        assertOneLineError(run("verify", "--file", badJson.toString()), "bad.jsonl:2:", "not valid JSON");
        Path missingKey = dir.resolve("missing.jsonl");
        writeString(missingKey, "{\"gold\": \"1\"}\n");
        assertOneLineError(run("verify", "--file", missingKey.toString()), "missing.jsonl:1:", "\"pred\"");
        assertOneLineError(run("verify", "--file", dir.resolve("nope.tsv").toString()), "nope.tsv", "no such file");
        assertOneLineError(run("verify", "--file", dir.resolve("cases.csv").toString()), "cases.csv", ".tsv");
        assertOneLineError(run("verify", "--gold", "1"), "verify", "--pred");
    }

    static void assertOneLineError(CommandLineTest.Result r, String... fragments) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(fragments).doesNotContain("\tat ").doesNotContain("Exception");
    }

    private static JsonNode readTree(ObjectMapper m, String line) {
        try {
            return m.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    private static void writeString(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

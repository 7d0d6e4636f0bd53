package io.reason4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reason4j.engine.Completion;
import io.reason4j.engine.GenerationRequest;
import io.reason4j.engine.LiveBatch;
import io.reason4j.engine.LocalEngine;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.engine.SamplingParams;
import io.reason4j.engine.remote.RemoteEngine;
import io.reason4j.engine.remote.RemoteEngineException;
import io.reason4j.engine.remote.RemoteOptions;
import io.reason4j.rollout.BudgetForcing;
import io.reason4j.rollout.InlineToolFormat;
import io.reason4j.rollout.Rollout;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.rollout.RolloutRequest;
import io.reason4j.rollout.Trajectory;
import io.reason4j.text.CharacterTokenizerFiles;
import io.reason4j.text.Tokenizer;
import io.reason4j.tool.Tool;
import io.reason4j.tool.ToolResult;
import io.reason4j.tool.ToolStatus;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote engine against our server gives what the local engine gives: one-turn completions,
 * live sequences continued with appended tokens, and whole rollouts with tool calls and budget
 * forcing. The server and the local engine each have their own decoder over the same weights (a
 * decoder is not thread-safe).
 */
class RemoteEngineTest {
    static final Set<Integer> EOS = Set.of(CharacterTokenizerFiles.IM_END_ID);

    @TempDir static Path dir;
    static ModelDirectory servedDir;
    static ModelDirectory localDir;
    static LocalEngine local;
    static Tokenizer tokenizer;
    static OpenAiServer server;
    static RemoteEngine remote;

    @BeforeAll
    static void start() throws Exception {
        Path model = TinyServedModel.write(dir.resolve("tiny"), 11);
        servedDir = ModelDirectory.open(model);
        localDir = ModelDirectory.open(model);
        local = localDir.engine();
        tokenizer = localDir.tokenizer().orElseThrow();
        server = OpenAiServer.start(ServedModel.of(servedDir, "tiny"), OpenAiServer.Options.of("127.0.0.1", 0));
        remote = RemoteEngine.connect(RemoteOptions.of(server.baseUri() + "/v1"), tokenizer);
    }

    @AfterAll
    static void stop() {
        remote.close();
        server.close();
        servedDir.close();
        localDir.close();
    }

    static int[] ids(String text) {
        return tokenizer.encode(text, false);
    }

    @Test
    void theModelNameAndContextComeFromTheServer() {
        assertThat(remote.model()).isEqualTo("tiny");
        assertThat(remote.contextLimit()).isEqualTo(TinyServedModel.CONTEXT);
        assertThat(remote.newBatch().contextLimit()).isEqualTo(TinyServedModel.CONTEXT);
    }

    @Test
    void generateGivesTheLocalEnginesTokensLogprobsFinishAndText() {
        List<GenerationRequest> requests = new ArrayList<>();
        SamplingParams greedy = SamplingParams.greedy(40).withStops(EOS, List.of());
        SamplingParams sampled = new SamplingParams(0.8, 0.9, 30, 40, 5, EOS, List.of());
        for (String p : List.of("Q: 2+3?", "Hello", "x")) {
            requests.add(new GenerationRequest(ids(p), greedy));
            requests.add(new GenerationRequest(ids(p), sampled.withSeed(p.length())));
        }
        requests.add(new GenerationRequest(ids("none"), greedy.withMaxNewTokens(0)));
        List<Completion> expected = local.generate(requests);
        List<Completion> actual = remote.generate(requests);
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Completion e = expected.get(i), a = actual.get(i);
            assertThat(a.tokenIds()).as("request %d", i).isEqualTo(e.tokenIds());
            assertThat(a.finishReason()).as("request %d", i).isEqualTo(e.finishReason());
            assertThat(a.text()).isEqualTo(e.text());
            for (int t = 0; t < e.logprobs().length; t++) assertThat(a.logprobs()[t]).isCloseTo(e.logprobs()[t], Offset.offset(1e-6f));
        }
    }

    /** Stop strings, truncation and appended (given) tokens, driven by hand as a rollout would. */
    @Test
    void liveSequencesContinueWithAppendedTokensAsOnTheLocalEngine() {
        String free = tokenizer.decode(local.generate(List.of(new GenerationRequest(ids("Go"), SamplingParams.greedy(30)))).getFirst().tokenIds(), false);
        String stop = free.substring(4, 5);
        SamplingParams firstTurn = SamplingParams.greedy(30).withStops(EOS, List.of(stop));
        SamplingParams nextTurn = SamplingParams.greedy(12).withStops(EOS, List.of());
        try (LiveBatch l = local.newBatch(); LiveBatch r = remote.newBatch()) {
            for (LiveBatch b : List.of(l, r)) {
                b.add(ids("Go"), firstTurn);
                b.add(ids("Stop"), firstTurn.withMaxNewTokens(3));
                b.run();
                for (int i = 0; i < 2; i++) b.append(i, ids(" [out: 7]\n"), nextTurn);
                b.run();
                b.truncate(0, b.tokens(0).length - 2); // drop the tail of the turn, as budget forcing drops a delimiter
                b.append(0, ids("Wait"), nextTurn);
                b.append(1, new int[0], nextTurn.withMaxNewTokens(0));
                b.run();
            }
            assertThat(r.matchedStop(0)).isNull();
            for (int i = 0; i < 2; i++) {
                assertThat(r.tokens(i)).as("sequence %d", i).isEqualTo(l.tokens(i));
                assertThat(r.sampledMask(i)).isEqualTo(l.sampledMask(i));
                assertThat(r.turnStart(i)).isEqualTo(l.turnStart(i));
                assertThat(r.finishReason(i)).isEqualTo(l.finishReason(i));
                float[] lp = l.logprobs(i), rp = r.logprobs(i);
                for (int t = 0; t < lp.length; t++) {
                    if (Float.isNaN(lp[t])) assertThat(rp[t]).isNaN();
                    else assertThat(rp[t]).isCloseTo(lp[t], Offset.offset(1e-6f));
                }
            }
        }
        // The stop string of the first turn was reported as it is by the local engine.
        try (LiveBatch l = local.newBatch(); LiveBatch r = remote.newBatch()) {
            l.add(ids("Go"), firstTurn);
            r.add(ids("Go"), firstTurn);
            l.run();
            r.run();
            assertThat(r.matchedStop(0)).isEqualTo(l.matchedStop(0)).isEqualTo(stop);
        }
    }

    /** A tool that answers every call with the same output. */
    record FixedTool(String output) implements Tool {
        @Override
        public String name() {
            return "python";
        }

        @Override
        public String description() {
            return "answers 7";
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("type", "object");
        }

        @Override
        public String inputFromArguments(Map<String, Object> arguments) {
            return String.valueOf(arguments.get("code"));
        }

        @Override
        public ToolResult execute(String input) {
            return new ToolResult(ToolStatus.OK, output, "", 0, 1);
        }
    }

    /**
     * A whole rollout (tool calls whose output is inserted, s1 budget forcing that suppresses and
     * forces the end of thinking) on the remote engine gives the local engine's trajectories. The
     * random model writes no real code, so two characters it writes serve as the code markers.
     */
    @Test
    void aRolloutWithToolCallsAndBudgetForcingGivesTheLocalTrajectories() {
        int[] prompt = ids("Think: ");
        String free = tokenizer.decode(local.generate(List.of(new GenerationRequest(prompt, SamplingParams.greedy(60)))).getFirst().tokenIds(), false);
        String open = free.substring(0, 1);
        String close = free.chars().skip(1).filter(c -> c != open.charAt(0) && c < 127).mapToObj(c -> String.valueOf((char) c)).findFirst().orElseThrow();
        SamplingParams sampling = SamplingParams.greedy(0).withStops(EOS, List.of());
        List<RolloutRequest> requests = List.of(new RolloutRequest(prompt, 1, 0), new RolloutRequest(ids("Other: "), 2, 1));
        FixedTool tool = new FixedTool("7\n");

        RolloutOptions withTool = RolloutOptions.of(sampling, 120).withFormat(new InlineToolFormat(open, close, "[", "]\n")).withMaxToolCalls(3);
        List<Trajectory> expected = assertSameTrajectories(withTool, tool, requests);
        assertThat(expected.stream().mapToInt(t -> t.toolCalls().size()).sum()).as("the rollout made tool calls").isPositive();

        // The end of thinking is a character the model writes early: the first is suppressed ("Wait"), then 40 tokens force it.
        RolloutOptions withBudget = RolloutOptions.of(sampling, 120).withBudget(new BudgetForcing(free.substring(3, 4), 40, "A:", 0, "Wait", 1));
        expected = assertSameTrajectories(withBudget, null, requests);
        assertThat(expected).as("budget forcing suppressed a delimiter (truncate + append)").anyMatch(t -> t.extensions() > 0);
    }

    private static List<Trajectory> assertSameTrajectories(RolloutOptions options, Tool tool, List<RolloutRequest> requests) {
        List<Trajectory> expected = new Rollout(local, tokenizer, tool, options).run(requests);
        List<Trajectory> actual = new Rollout(remote, tokenizer, tool, options).run(requests);
        for (int i = 0; i < expected.size(); i++) {
            Trajectory e = expected.get(i), a = actual.get(i);
            assertThat(a.responseIds()).as("trajectory %d", i).isEqualTo(e.responseIds());
            assertThat(a.lossMask()).isEqualTo(e.lossMask());
            assertThat(a.finishReason()).isEqualTo(e.finishReason());
            assertThat(a.toolCalls()).hasSameSizeAs(e.toolCalls());
            assertThat(a.thinkingTokens()).isEqualTo(e.thinkingTokens());
            assertThat(a.extensions()).isEqualTo(e.extensions());
            for (int t = 0; t < e.logprobs().length; t++) assertThat(a.logprobs()[t]).isCloseTo(e.logprobs()[t], Offset.offset(1e-6f));
        }
        return expected;
    }

    @Test
    void anUnreachableServerIsAClearErrorAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RemoteOptions options = RemoteOptions.of(List.of(URI.create("http://127.0.0.1:" + port))).withRetries(3, Duration.ofMillis(5));
        assertThatThrownBy(() -> RemoteEngine.connect(options, tokenizer)).isInstanceOf(RemoteEngineException.class)
                .hasMessage("cannot reach http://127.0.0.1:" + port + "/v1/models after 3 attempts: Connection refused");
        try (RemoteEngine down = RemoteEngine.connect(options.withModel("tiny").withContextLimit(64), tokenizer)) {
            assertThatThrownBy(() -> down.generate(List.of(new GenerationRequest(new int[] {5}, SamplingParams.greedy(3)))))
                    .isInstanceOf(RemoteEngineException.class)
                    .hasMessage("cannot reach http://127.0.0.1:" + port + "/v1/completions after 3 attempts: Connection refused");
        }
    }
}

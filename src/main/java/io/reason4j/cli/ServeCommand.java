package io.reason4j.cli;

import io.reason4j.engine.ModelDirectory;
import io.reason4j.server.OpenAiServer;
import io.reason4j.server.ServedModel;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reason4j serve}: an OpenAI-compatible HTTP server over the local engine. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model over an OpenAI-compatible HTTP API (/v1/models, /v1/completions, /v1/chat/completions),"
                + " with continuous batching of concurrent requests (docs/serving.md). Ctrl-C stops it gracefully.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model directory") Path model;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on; 0.0.0.0 for every interface (default ${DEFAULT-VALUE})") String host;
    @Option(names = "--port", defaultValue = "8000", description = "port; 0 picks a free one (default ${DEFAULT-VALUE})") int port;
    @Option(names = "--served-model-name", description = "the name clients pass as \"model\" (default: the directory's name)") String servedName;
    @Option(names = "--max-batch", defaultValue = "64", description = "sequences decoded together at most; more wait for a place (default ${DEFAULT-VALUE})") int maxBatch;
    @Option(names = "--enable-auto-tool-choice", description = "read tool calls out of chat answers when a request has tools"
            + " (tool_choice \"auto\"); needs --tool-call-parser") boolean autoToolChoice;
    @Option(names = "--tool-call-parser", description = "how the model writes tool calls: hermes (<tool_call> blocks:"
            + " Qwen2.5, QwQ, Hermes 2 Pro and later)") String toolCallParser;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new UserInputException("--port must be in [0, 65535], got " + port);
        if (maxBatch < 1) throw new UserInputException("--max-batch must be at least 1, got " + maxBatch);
        if (toolCallParser != null && !toolCallParser.equals("hermes")) {
            throw new UserInputException("--tool-call-parser must be hermes (the only format this server reads), got " + toolCallParser);
        }
        if (autoToolChoice != (toolCallParser != null)) {
            throw new UserInputException("--enable-auto-tool-choice and --tool-call-parser go together, as in vLLM: give both or neither");
        }
        try (ModelDirectory dir = ModelDirectory.open(model)) {
            String name = servedName != null ? servedName : model.toAbsolutePath().normalize().getFileName().toString();
            ServedModel served = ServedModel.of(dir, name);
            OpenAiServer server;
            try {
                server = OpenAiServer.start(served, OpenAiServer.Options.of(host, port).withMaxBatch(maxBatch)
                        .withAutoToolChoice(autoToolChoice));
            } catch (IOException e) {
                throw new UserInputException(e.getMessage() + (e.getCause() instanceof BindException
                        ? " (is another server running there? pick another --port or --host)" : ""));
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                System.err.println("shutting down: letting running requests finish");
                server.close();
                stopped.countDown();
            }, "reason4j-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.printf("serving %s as \"%s\" at %s/v1 (context %d tokens, batch up to %d%s)%n", model, name, server.baseUri(),
                    served.contextLimit(), maxBatch, served.chatTemplate() == null ? ", no chat template" : "");
            System.out.flush();
            stopped.await();
            return 0;
        }
    }
}

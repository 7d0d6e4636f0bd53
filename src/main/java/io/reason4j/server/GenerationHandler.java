package io.reason4j.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one parsed request on the scheduler and writes the answer: one JSON body, or (with
 * {@code stream}) server-sent events, {@code data: {chunk}\n\n} as tokens arrive and then
 * {@code data: [DONE]}. A client that closes a stream takes its sequences out of the batch.
 */
final class GenerationHandler {
    private final ServedModel model;
    private final BatchScheduler scheduler;

    GenerationHandler(ServedModel model, BatchScheduler scheduler) {
        this.model = model;
        this.scheduler = scheduler;
    }

    void run(HttpExchange exchange, GenerationJob job) throws IOException {
        List<BatchScheduler.SequenceRequest> sequences = new ArrayList<>();
        int topCount = job.logprobs() ? job.topLogprobs() : 0;
        for (int c = 0; c < job.choices(); c++) {
            sequences.add(new BatchScheduler.SequenceRequest(job.prompt(c), job.paramsOf(c, ThreadLocalRandom.current().nextLong()), topCount));
        }
        ChoiceOutput[] outputs = new ChoiceOutput[job.choices()];
        for (int c = 0; c < outputs.length; c++) outputs[c] = new ChoiceOutput(model.tokenizer(), job.output(), job.params().stopStrings());
        String id = (job.chat() ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        BatchScheduler.Submission submission = scheduler.submit(sequences, job.stream());
        try {
            if (job.stream()) stream(exchange, job, submission, outputs, id, created);
            else whole(exchange, job, submission, outputs, id, created);
        } catch (InterruptedException e) {
            submission.cancel();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating", e);
        } catch (IOException | RuntimeException e) {
            submission.cancel();
            throw e;
        }
    }

    private void whole(HttpExchange exchange, GenerationJob job, BatchScheduler.Submission submission, ChoiceOutput[] outputs,
                       String id, long created) throws InterruptedException, IOException {
        for (int finished = 0; finished < outputs.length; ) {
            BatchScheduler.ChoiceUpdate u = submission.next();
            outputs[u.choice()].add(u);
            if (u.finish() != null) finished++;
        }
        ObjectNode body = ResponseBodies.envelope(id, job.chat() ? "chat.completion" : "text_completion", created, model.name());
        ArrayNode choices = (ArrayNode) body.get("choices");
        for (int c = 0; c < outputs.length; c++) {
            ChoiceOutput out = outputs[c];
            choices.add(job.chat()
                    ? ResponseBodies.chatChoice(c, out.text(), false, out, 0, out.size(), job, model.stopTokenIds())
                    : ResponseBodies.completionChoice(c, out.text(), out, 0, out.size(), job, model.stopTokenIds()));
        }
        body.set("usage", ResponseBodies.usage(promptTokens(job), completionTokens(outputs)));
        HttpResponses.json(exchange, 200, body);
    }

    private void stream(HttpExchange exchange, GenerationJob job, BatchScheduler.Submission submission, ChoiceOutput[] outputs,
                        String id, long created) throws InterruptedException, IOException {
        String object = job.chat() ? "chat.completion.chunk" : "text_completion";
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream os = exchange.getResponseBody()) {
            if (job.chat()) {
                for (int c = 0; c < outputs.length; c++) {
                    ObjectNode chunk = ResponseBodies.envelope(id, object, created, model.name());
                    ((ArrayNode) chunk.get("choices")).add(ResponseBodies.chatRoleChoice(c));
                    event(os, chunk);
                }
            }
            try {
                for (int finished = 0; finished < outputs.length; ) {
                    BatchScheduler.ChoiceUpdate u = submission.next();
                    ChoiceOutput out = outputs[u.choice()];
                    int from = out.size();
                    out.add(u);
                    if (u.finish() != null) finished++;
                    String text = out.takeText();
                    ObjectNode chunk = ResponseBodies.envelope(id, object, created, model.name());
                    ((ArrayNode) chunk.get("choices")).add(job.chat()
                            ? ResponseBodies.chatChoice(u.choice(), text, true, out, from, out.size(), job, model.stopTokenIds())
                            : ResponseBodies.completionChoice(u.choice(), text, out, from, out.size(), job, model.stopTokenIds()));
                    event(os, chunk);
                }
                if (job.includeUsage()) {
                    ObjectNode chunk = ResponseBodies.envelope(id, object, created, model.name());
                    chunk.set("usage", ResponseBodies.usage(promptTokens(job), completionTokens(outputs)));
                    event(os, chunk);
                }
            } catch (ApiException e) {
                // The stream has begun (status 200): the error goes out as an event, as vLLM sends it.
                event(os, ResponseBodies.error(e));
            }
            os.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void event(OutputStream os, ObjectNode data) throws IOException {
        os.write(("data: " + ResponseBodies.JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        os.flush();
    }

    /** Each prompt counts once, however many choices it has (as vLLM counts). */
    private static int promptTokens(GenerationJob job) {
        return job.prompts().stream().mapToInt(p -> p.length).sum();
    }

    private static int completionTokens(ChoiceOutput[] outputs) {
        int n = 0;
        for (ChoiceOutput o : outputs) n += o.size();
        return n;
    }
}

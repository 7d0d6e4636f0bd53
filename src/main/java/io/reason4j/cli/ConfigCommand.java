package io.reason4j.cli;

import io.reason4j.rl.RlConfig;
import io.reason4j.rl.RlConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reason4j config}: the RL configuration (presets, user files) as the trainer would use it. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Show RL configurations (docs/algorithms.md).",
        subcommands = ConfigCommand.Show.class)
final class ConfigCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the full effective configuration of a preset, or of a user file layered on the preset it names "
                    + "(preset: NAME; none for the defaults), after checking every key and value.")
    static final class Show implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "PRESET", description = "one of: ppo, grpo, dr_grpo, dapo, vc_ppo, vapo, reinforce_pp, rloo, gspo, retool")
        String preset;

        @Option(names = "--file", paramLabel = "F", description = "a YAML file of overrides, layered on its preset") Path file;

        @Override
        public Integer call() throws Exception {
            if ((preset == null) == (file == null)) {
                throw new UserInputException("give a preset (" + String.join(", ", RlConfigLoader.PRESETS) + ") or --file F, not both");
            }
            RlConfig config = file != null ? RlConfigLoader.load(file) : RlConfigLoader.preset(preset);
            System.out.print(RlConfigLoader.toYaml(config));
            return 0;
        }
    }
}

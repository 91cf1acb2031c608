package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.trainer.Objective;
import ai.spar.trainer.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
  @TempDir Path dir;

  @Test
  void flagsOverrideTheConfigFileWhichOverridesTheDefaults() throws Exception {
    Path yaml = dir.resolve("train.yaml");
    Files.writeString(yaml, "learningRate: 1.0e-6\nepochs: 2\nloss: ipo\n");
    TrainCommand.Dpo dpo = new TrainCommand.Dpo();
    new CommandLine(dpo)
        .parseArgs(
            "--model",
            "m",
            "--pairs",
            "a,b",
            "--output",
            "o",
            "--config",
            yaml.toString(),
            "--epochs",
            "5",
            "--beta",
            "0.2");
    TrainConfig config = dpo.options.resolve(Objective.DPO);
    assertThat(config.learningRate()).isEqualTo(1.0e-6);
    assertThat(config.epochs()).isEqualTo(5);
    assertThat(config.beta()).isEqualTo(0.2);
    assertThat(config.loss().name()).isEqualTo("IPO");
    assertThat(config.sftWeight()).isEqualTo(0.1);
    assertThat(dpo.pairs).containsExactly("a", "b");
  }

  @Test
  void trainIsRegistered() {
    assertThat(Spar.commandLine().getSubcommands().get("train").getSubcommands())
        .containsKeys("dpo", "sft");
  }

  @Test
  void aFinishedOutputIsRefusedWithExitOneAndABusyOutputWithExitFive() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("final"));
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cli = Spar.commandLine();
    cli.setErr(new java.io.PrintWriter(err));
    String[] args = {
      "train", "dpo", "--model", "m", "--pairs", "p.parquet", "--output", out.toString()
    };
    assertThat(cli.execute(args)).isEqualTo(1);
    assertThat(err.toString())
        .contains(out.toAbsolutePath().normalize().resolve("final") + " already holds a finished")
        .contains("pass --overwrite to replace it");

    try (ai.spar.lease.OutputLease other =
        ai.spar.lease.OutputLease.acquire(
            new ai.spar.lease.FileLeaseStore(out.resolve("_lease.json")),
            "another trainer",
            false)) {
      err.getBuffer().setLength(0);
      assertThat(cli.execute(args)).isEqualTo(5);
      assertThat(err.toString()).contains("the output is in use").contains("another trainer");
    }
  }
}

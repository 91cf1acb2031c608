package ai.spar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorConfigsTest {
  @Test
  void aConfigurationTextIsParsedOncePerJvmAndADifferentTextGetsItsOwnEntry() {
    String yaml =
        SparConfigLoader.toYaml(
            SparConfigLoader.parse("", "test", Map.of("seed", "91", "job.batch_size", "5")));
    String other =
        SparConfigLoader.toYaml(SparConfigLoader.parse("", "test", Map.of("seed", "92")));

    // A task and its retry ship the same text: they share one parsed configuration.
    SparConfig first = ExecutorConfigs.parsed(ExecutorConfigs.fingerprint(yaml), yaml);
    SparConfig again = ExecutorConfigs.parsed(ExecutorConfigs.fingerprint(yaml), yaml);
    assertThat(again).isSameAs(first);
    assertThat(first.seed()).isEqualTo(91L);
    assertThat(first.job().batchSize()).isEqualTo(5);

    SparConfig second = ExecutorConfigs.parsed(ExecutorConfigs.fingerprint(other), other);
    assertThat(second.seed()).isEqualTo(92L);
    assertThat(ExecutorConfigs.fingerprint(other)).isNotEqualTo(ExecutorConfigs.fingerprint(yaml));
  }
}

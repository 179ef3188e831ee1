package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.FailureType;
import io.snapdrill.model.RunbookHints;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class RunbookHintsTest {
  @Test
  void everyFailureTypeSaysWhatToLookAtAndDo() {
    for (FailureType type : FailureType.values()) {
      assertThat(RunbookHints.forType(type)).as(type.name()).isNotBlank().hasSizeGreaterThan(80);
      assertThat(FailureType.fromName(type.name())).isEqualTo(type);
    }
    assertThat(FailureType.fromName("SomethingElse")).isNull();
    assertThat(RunbookHints.forType(null)).isNull();
  }

  @Test
  void aTypedFailureCarriesItsHintOnceAndTheMessageComesBackWithoutIt() {
    String message = "no rule of s3://logs-snapshots covers prod/logs/";
    ApplicationFailure failure = FailureType.REPLICATION_NOT_CONFIGURED.failure(message);

    assertThat(failure.getOriginalMessage())
        .isEqualTo(message + "\nWhat to do: " + RunbookHints.forType(FailureType.REPLICATION_NOT_CONFIGURED));
    assertThat(failure.getType()).isEqualTo("REPLICATION_NOT_CONFIGURED");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(FailureType.withoutHint(failure.getOriginalMessage())).isEqualTo(message);
    // Rethrowing under another type swaps the hint instead of stacking a second one.
    assertThat(FailureType.RESTORE_FAILED.withHint(failure.getOriginalMessage()))
        .isEqualTo(message + FailureType.HINT_SEPARATOR + RunbookHints.forType(FailureType.RESTORE_FAILED));
    assertThat(FailureType.withoutHint(null)).isNull();
  }
}

package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.FailureType;
import io.snapdrill.model.RunbookHints;
import org.junit.jupiter.api.Test;

class RunbookHintsTest {
  @Test
  void everyFailureTypeSaysWhatToLookAtAndDo() {
    for (FailureType type : FailureType.values()) {
      assertThat(RunbookHints.forType(type)).as(type.name()).isNotBlank().hasSizeGreaterThan(80);
      assertThat(RunbookHints.forType(type.name())).isEqualTo(RunbookHints.forType(type));
    }
    assertThat(RunbookHints.forType("SomethingElse")).isNull();
    assertThat(RunbookHints.forType((String) null)).isNull();
  }
}

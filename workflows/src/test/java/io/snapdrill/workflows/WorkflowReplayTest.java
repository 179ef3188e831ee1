package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories of real runs, checked in under {@code src/test/resources/histories}, against the
 * current workflow code: a change that would break drills already running fails here. Such a change
 * needs {@code Workflow.getVersion} and a new history under a new name (see {@link HistoryRecordingTest});
 * a checked-in history is never re-recorded. A production history exported with
 * {@code temporal workflow show --workflow-id ID --output json} is added by saving it here as {@code ID.json}.
 */
class WorkflowReplayTest {
  private static final Pattern RUN_SUFFIX = Pattern.compile("\\.run\\d+$");

  static Stream<String> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(WorkflowReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      // Every file is replayed: a history exported in another format must not be skipped silently.
      assertThat(names).as("checked-in histories").allMatch(n -> n.endsWith(".json")).hasSizeGreaterThanOrEqualTo(10);
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysWithoutNonDeterminism(String history) throws Exception {
    String json = Files.readString(Path.of(WorkflowReplayTest.class.getResource("/histories/" + history).toURI()));
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(json, workflowId(history)), DrillWorkflowImpl.class, RestoreAThonWorkflowImpl.class, JanitorWorkflowImpl.class,
        HostTeardownWorkflowImpl.class, FailoverRestoreWorkflowImpl.class);
  }

  /**
   * The file name is the workflow id (the restore-a-thon derives its child drills' ids from it), followed by
   * {@code .run<n>} for the n-th run of a workflow that continued as new.
   */
  static String workflowId(String fileName) {
    return RUN_SUFFIX.matcher(fileName.substring(0, fileName.length() - ".json".length())).replaceFirst("");
  }
}

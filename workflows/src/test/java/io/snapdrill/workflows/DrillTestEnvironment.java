package io.snapdrill.workflows;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowExtension;

/** The Temporal test service as drills need it: time skipping and the Dr* search attributes. */
public final class DrillTestEnvironment {
  private DrillTestEnvironment() {}

  /** Not started: each test registers its activity mocks on the worker, then starts the environment. */
  public static TestWorkflowExtension extension(Class<?>... workflowImplementations) {
    return builder(workflowImplementations).build();
  }

  /** The extension's builder, for a test that needs other worker options. */
  public static TestWorkflowExtension.Builder builder(Class<?>... workflowImplementations) {
    TestWorkflowExtension.Builder builder = TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(workflowImplementations)
        .setDoNotStart(true);
    for (SearchAttributeKey<String> key : DrillSearchAttributes.ALL) {
      builder.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return builder;
  }
}

package io.snapdrill.workflows;

import io.snapdrill.temporal.ServerLimits;
import io.snapdrill.temporal.ServerLimitsInterceptor;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The Temporal test service as drills need it: time skipping, the Dr* search attributes, and a real
 * server's limits ({@link ServerLimits}), which {@code TestWorkflowExtension} has no way to add. Not
 * started: each test registers its activity implementations on the worker, then starts the environment.
 * Tests take {@link TestWorkflowEnvironment}, {@link Worker} and {@link WorkflowClient} parameters.
 */
public final class DrillTestEnvironment implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DrillTestEnvironment.class);

  private static final Duration HEARTBEAT_THROTTLE = Duration.ofMillis(500);

  private final ServerLimits limits;
  private final WorkerFactoryOptions workerFactoryOptions;
  private final Class<?>[] workflowImplementations;

  private DrillTestEnvironment(ServerLimits limits, WorkerFactoryOptions workerFactoryOptions,
      Class<?>[] workflowImplementations) {
    this.limits = limits;
    this.workerFactoryOptions = workerFactoryOptions;
    this.workflowImplementations = workflowImplementations;
  }

  public static DrillTestEnvironment extension(Class<?>... workflowImplementations) {
    return withLimits(ServerLimits.DEFAULTS, workflowImplementations);
  }

  /** With other limits, for tests that reach one quickly. */
  public static DrillTestEnvironment withLimits(ServerLimits limits, Class<?>... workflowImplementations) {
    return new DrillTestEnvironment(limits, WorkerFactoryOptions.getDefaultInstance(), workflowImplementations);
  }

  /** With other worker factory options, e.g. no workflow cache so every task goes to the shared queue. */
  public DrillTestEnvironment withWorkerFactoryOptions(WorkerFactoryOptions options) {
    return new DrillTestEnvironment(limits, options, workflowImplementations);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkflowServiceStubsOptions(ServerLimitsInterceptor.stubsOptions(limits))
        .setWorkerFactoryOptions(workerFactoryOptions)
        .build());
    for (SearchAttributeKey<String> key : DrillSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    // A heartbeat is sent (and a cancel learned) at most every 0.8 heartbeat timeouts, capped at a minute of
    // real time even when the test service skips time: tests that cancel a heartbeating activity waited that.
    Worker worker = env.newWorker("drill-test-" + context.getUniqueId().hashCode(),
        WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(HEARTBEAT_THROTTLE).build());
    if (workflowImplementations.length > 0) {
      worker.registerWorkflowImplementationTypes(workflowImplementations);
    }
    context.getStore(NAMESPACE).put(TestWorkflowEnvironment.class, env);
    context.getStore(NAMESPACE).put(Worker.class, worker);
    context.getStore(NAMESPACE).put(WorkflowClient.class, env.getWorkflowClient());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    context.getStore(NAMESPACE).get(TestWorkflowEnvironment.class, TestWorkflowEnvironment.class).close();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return Map.of(TestWorkflowEnvironment.class, 0, Worker.class, 0, WorkflowClient.class, 0)
        .containsKey(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE).get(parameter.getParameter().getType());
  }
}

package io.snapdrill.worker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.worker.history.DrillHistory;
import io.snapdrill.workflows.DrillFixtures;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.grpc.StatusRuntimeException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopbackTemporalServiceTest {

  @Test
  void servesDrillsToClientsOfOtherConnectionsOnLoopbackOnly() throws Exception {
    try (LoopbackTemporalService service = LoopbackTemporalService.start(0)) {
      assertThat(service.address()).startsWith("127.0.0.1:");
      try (TemporalConnection worker = TemporalConnection.open(TemporalOptions.at(service.address()));
          TemporalConnection client = TemporalConnection.open(TemporalOptions.at(service.address()))) {
        List<String> warnings = new ArrayList<>();
        client.ensureSearchAttributes("default", warnings::add);
        assertThat(warnings).isEmpty();

        worker.factory().newWorker(worker.taskQueue()).registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
        worker.factory().getWorker(worker.taskQueue()).registerActivitiesImplementations(new DrillFixtures().all());
        worker.factory().start();

        DrillWorkflow drill = client.client().newWorkflowStub(DrillWorkflow.class, WorkflowOptions.newBuilder()
            .setWorkflowId("drill-loopback-1").setTaskQueue(client.taskQueue())
            .setTypedSearchAttributes(SearchAttributes.newBuilder().set(DrillSearchAttributes.CLUSTER, "loopback").build())
            .build());
        assertThat(drill.run(DrillRequest.newSnapshot("loopback")).outcome()).isEqualTo(DrillOutcome.PASSED);
        assertThat(new DrillHistory(client.client()).list("loopback", Instant.now().minusSeconds(600)))
            .singleElement().satisfies(row -> assertThat(row.outcome()).isEqualTo("PASSED"));
      }
      // bound to loopback, not to every interface
      InetAddress other = nonLoopbackAddress();
      if (other != null) {
        try (Socket socket = new Socket()) {
          assertThat(connects(socket, new InetSocketAddress(other, service.port()))).isFalse();
        }
      }
    }
  }

  /**
   * The worker that ran a workflow's last task is gone: its next task must reach another worker. The test
   * service alone would keep it on the gone worker's sticky queue for ever.
   */
  @Test
  void aWorkflowTaskAfterItsWorkerWentAwayReachesAnotherWorker() throws Exception {
    try (LoopbackTemporalService service = LoopbackTemporalService.start(0);
        TemporalConnection first = TemporalConnection.open(TemporalOptions.at(service.address()));
        TemporalConnection second = TemporalConnection.open(TemporalOptions.at(service.address()))) {
      // the first worker runs the workflow's first task (it schedules the activity), then goes away
      first.factory().newWorker(first.taskQueue()).registerWorkflowImplementationTypes(GreetingWorkflowImpl.class);
      first.factory().start();
      String workflowId = "sticky-" + System.nanoTime();
      GreetingWorkflow workflow = first.client().newWorkflowStub(GreetingWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(first.taskQueue()).build());
      WorkflowClient.start(workflow::greet);
      org.awaitility.Awaitility.await("the activity is scheduled").atMost(Duration.ofSeconds(30))
          .until(() -> first.client().fetchHistory(workflowId).getEvents().stream()
              .anyMatch(e -> e.hasActivityTaskScheduledEventAttributes()));
      stop(first.factory());

      // the second worker runs the activity; the task that follows must come to it
      second.factory().newWorker(second.taskQueue()).registerWorkflowImplementationTypes(GreetingWorkflowImpl.class);
      second.factory().getWorker(second.taskQueue()).registerActivitiesImplementations((Greeting) () -> "hello");
      second.factory().start();
      String result = second.client().newUntypedWorkflowStub(workflowId)
          .getResult(60, TimeUnit.SECONDS, String.class);
      assertThat(result).isEqualTo("hello");
    }
  }

  /**
   * Random base64 (6 bits of entropy a character): payloads are compressed before they are sent, so a
   * string of one letter would shrink far below any limit.
   */
  private static String incompressible(int length) {
    byte[] random = new byte[length * 3 / 4];
    new java.util.Random(42).nextBytes(random);
    return java.util.Base64.getEncoder().encodeToString(random);
  }

  /** A worker in another process meets the same limits as a real cluster's: the payload's and the message's. */
  @Test
  void aThreeMegabyteActivityResultFailsTheActivityAsOnARealCluster() throws Exception {
    try (LoopbackTemporalService service = LoopbackTemporalService.start(0);
        TemporalConnection worker = TemporalConnection.open(TemporalOptions.at(service.address()))) {
      worker.factory().newWorker(worker.taskQueue()).registerWorkflowImplementationTypes(GreetingWorkflowImpl.class);
      AtomicInteger attempts = new AtomicInteger();
      worker.factory().getWorker(worker.taskQueue()).registerActivitiesImplementations((Greeting) () -> {
        attempts.incrementAndGet();
        return incompressible(3 * 1024 * 1024);
      });
      worker.factory().start();
      WorkflowOptions options = WorkflowOptions.newBuilder().setTaskQueue(worker.taskQueue()).build();

      assertThat(worker.client().newWorkflowStub(GreetingWorkflow.class, options).greet())
          .isEqualTo("failed: Complete result exceeds size limit.");
      assertThat(attempts).hasValue(1);

      // refused before any worker sees it
      assertThatThrownBy(() -> worker.client().newUntypedWorkflowStub("GreetingWorkflow", options)
          .start(incompressible(6 * 1024 * 1024)))
          .hasRootCauseInstanceOf(StatusRuntimeException.class)
          .rootCause().hasMessageStartingWith("RESOURCE_EXHAUSTED: grpc: received message larger than max (");
    }
  }

  private static void stop(WorkerFactory factory) throws InterruptedException {
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }

  @WorkflowInterface
  public interface GreetingWorkflow {
    @WorkflowMethod
    String greet();
  }

  @ActivityInterface
  public interface Greeting {
    String hello();
  }

  public static class GreetingWorkflowImpl implements GreetingWorkflow {
    private final Greeting greeting = Workflow.newActivityStub(Greeting.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public String greet() {
      try {
        return greeting.hello();
      } catch (ActivityFailure e) {
        return "failed: " + ((ApplicationFailure) e.getCause()).getOriginalMessage();
      }
    }
  }

  private static boolean connects(Socket socket, InetSocketAddress address) {
    try {
      socket.connect(address, 1000);
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }

  private static InetAddress nonLoopbackAddress() throws Exception {
    for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
        if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
          return address;
        }
      }
    }
    return null;
  }
}

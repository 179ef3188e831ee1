package io.snapdrill.worker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.workflows.DrillFixtures;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.snapdrill.worker.DrillHistory;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

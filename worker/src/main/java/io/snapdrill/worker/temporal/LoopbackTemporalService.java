package io.snapdrill.worker.temporal;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.snapdrill.temporal.ServerLimits;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.common.SearchAttributeKey;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Temporal service reachable on 127.0.0.1 only, so that other processes (a second worker,
 * {@code snapdrill approve-heal} in another terminal) can talk to it. {@code TestServer}'s own port-bound
 * server listens on every interface, which a workstation or CI machine should not expose, hence this
 * small wrapper around the same services. Time runs for real (time skipping stays locked).
 *
 * <p>The test service never moves a workflow task off a dead worker's sticky queue (a real cluster does
 * so after the sticky schedule-to-start timeout), so a drill whose worker was killed would wait forever.
 * This service therefore drops the sticky attributes of every completed workflow task: the next task
 * always goes to the normal task queue, where any live worker takes it (with a full history replay).
 *
 * <p>Every workflow service call meets a real server's limits ({@link ServerLimits}) on its way to the
 * test service, which has none of its own (see {@link ServerLimitsChannel}).
 */
public final class LoopbackTemporalService implements AutoCloseable {
  /** As large as the SDK accepts in a response; what is above the server's 4 MB is refused by the limits. */
  private static final int LARGEST_REQUEST = 128 * 1024 * 1024;

  private final TestServicesStarter services;
  private final ServerLimitsChannel limited;
  private final Server server;

  private LoopbackTemporalService(TestServicesStarter services, ServerLimitsChannel limited, Server server) {
    this.services = services;
    this.limited = limited;
    this.server = server;
  }

  /** @param port 0 for any free port */
  public static LoopbackTemporalService start(int port) {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    registerSearchAttributes(services.getOperatorService());
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            // ServerLimitsInterceptor refuses requests over the real limit, in the words the SDK recognises
            .maxInboundMessageSize(LARGEST_REQUEST);
    ServerLimitsChannel limited = ServerLimitsChannel.over(services.getWorkflowService(), ServerLimits.DEFAULTS);
    builder.addService(ServerInterceptors.intercept(limited.forwardingService(), new NoStickyExecution()));
    for (BindableService service : services.getServices()) {
      if (service != services.getWorkflowService()) {
        builder.addService(service);
      }
    }
    try {
      return new LoopbackTemporalService(services, limited, builder.build().start());
    } catch (IOException e) {
      limited.close();
      services.close();
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for the Temporal service: "
          + e.getMessage(), e);
    }
  }

  /** This service does not list search attributes (the operator check of remote workers), so add ours up front. */
  private static void registerSearchAttributes(OperatorServiceGrpc.OperatorServiceImplBase operator) {
    AddSearchAttributesRequest.Builder add = AddSearchAttributesRequest.newBuilder().setNamespace("default");
    for (SearchAttributeKey<String> key : DrillSearchAttributes.ALL) {
      add.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    CompletableFuture<AddSearchAttributesResponse> done = new CompletableFuture<>();
    operator.addSearchAttributes(add.build(), new StreamObserver<>() {
      @Override
      public void onNext(AddSearchAttributesResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(null);
      }
    });
    done.join();
  }

  /** Strips {@code sticky_attributes} from RespondWorkflowTaskCompleted; passes every other call as is. */
  private static final class NoStickyExecution implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      ServerCall.Listener<Q> listener = next.startCall(call, headers);
      if (!call.getMethodDescriptor().getFullMethodName()
          .equals(WorkflowServiceGrpc.getRespondWorkflowTaskCompletedMethod().getFullMethodName())) {
        return listener;
      }
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Q message) {
          super.onMessage((Q) ((RespondWorkflowTaskCompletedRequest) message).toBuilder()
              .clearStickyAttributes().build());
        }
      };
    }
  }

  public int port() {
    return server.getPort();
  }

  /** What {@code --temporal-address} takes. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    limited.close();
    services.close();
  }
}

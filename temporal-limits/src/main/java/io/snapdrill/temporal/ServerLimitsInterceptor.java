package io.snapdrill.temporal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts a real Temporal server's limits ({@link ServerLimits}) in front of the embedded test service, which
 * has none: every WorkflowService call on a channel to that service goes through {@link ServerLimitRules}.
 * In-process clients (tests, local mode's own worker) get it through {@link #stubsOptions}; the loopback
 * service puts it between its network port and the test service.
 */
public final class ServerLimitsInterceptor implements ClientInterceptor {
  /** Calls wait here rather than in the caller's gRPC callbacks, as the rules make calls of their own. */
  private static final Executor CALLS = Executors.newCachedThreadPool(daemonThreads());

  private final ServerLimitRules rules;

  public ServerLimitsInterceptor(ServerLimits limits) {
    this.rules = new ServerLimitRules(limits);
  }

  /** Stubs options for a {@code TestWorkflowEnvironment} (or any in-process channel) that meets these limits. */
  public static WorkflowServiceStubsOptions stubsOptions(ServerLimits limits) {
    return WorkflowServiceStubsOptions.newBuilder()
        .setGrpcClientInterceptors(List.of(new ServerLimitsInterceptor(limits))).build();
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    if (!WorkflowServiceGrpc.SERVICE_NAME.equals(method.getServiceName()) || method.getType() != MethodDescriptor.MethodType.UNARY) {
      return next.newCall(method, options);
    }
    return new LimitedCall<>(method, options, next);
  }

  /** A unary call held until its request is complete, then made (or answered) by the rules on another thread. */
  private final class LimitedCall<Q, R> extends ClientCall<Q, R> {
    private final MethodDescriptor<Q, R> method;
    private final CallOptions options;
    private final Channel next;
    private final Context.CancellableContext context = Context.current().withCancellation();
    private Listener<R> listener;
    private Metadata headers;
    private Q request;

    LimitedCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      this.method = method;
      this.options = options;
      this.next = next;
    }

    @Override
    public void start(Listener<R> listener, Metadata headers) {
      this.listener = listener;
      this.headers = headers;
    }

    @Override
    public void request(int numMessages) {
      // one response, delivered when it is there
    }

    @Override
    public void sendMessage(Q message) {
      this.request = message;
    }

    @Override
    public void halfClose() {
      CALLS.execute(() -> context.run(this::call));
    }

    @Override
    public void cancel(String message, Throwable cause) {
      context.cancel(cause != null ? cause : new CancellationException(message));
    }

    @SuppressWarnings("unchecked")
    private void call() {
      Channel withHeaders = ClientInterceptors.intercept(next, MetadataUtils.newAttachHeadersInterceptor(headers));
      try {
        R response = (R) rules.call(method, request, next,
            changed -> ClientCalls.blockingUnaryCall(withHeaders, method, options, (Q) changed));
        deliver(response, Status.OK, new Metadata());
      } catch (StatusRuntimeException e) {
        deliver(null, e.getStatus(), e.getTrailers() != null ? e.getTrailers() : new Metadata());
      } catch (RuntimeException e) {
        deliver(null, Status.INTERNAL.withDescription(e.toString()).withCause(e), new Metadata());
      } finally {
        context.cancel(null);
      }
    }

    /** On the caller's executor when it has one: a blocking stub's caller waits on it. */
    private void deliver(R response, Status status, Metadata trailers) {
      Runnable close = () -> {
        if (response != null) {
          listener.onHeaders(new Metadata());
          listener.onMessage(response);
        }
        listener.onClose(status, trailers);
      };
      Executor executor = options.getExecutor();
      if (executor != null) {
        executor.execute(close);
      } else {
        close.run();
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "temporal-server-limits-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

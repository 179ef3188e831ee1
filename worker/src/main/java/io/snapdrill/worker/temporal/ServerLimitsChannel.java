package io.snapdrill.worker.temporal;

import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.snapdrill.temporal.ServerLimits;
import io.snapdrill.temporal.ServerLimitsInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The test service's workflow service behind {@link ServerLimitsInterceptor}, for clients in other processes:
 * the interceptor works on a channel, so the service is reached through an in-process channel, and
 * {@link #forwardingService()} serves the same methods by forwarding each call to it. A call's deadline and
 * cancellation travel with it (the forwarded call starts in the incoming call's gRPC context).
 */
final class ServerLimitsChannel implements AutoCloseable {
  private final Server inProcess;
  private final ManagedChannel channel;
  private final Channel limited;
  private final ServiceDescriptor descriptor;

  private ServerLimitsChannel(Server inProcess, ManagedChannel channel, Channel limited, ServiceDescriptor descriptor) {
    this.inProcess = inProcess;
    this.channel = channel;
    this.limited = limited;
    this.descriptor = descriptor;
  }

  static ServerLimitsChannel over(BindableService service, ServerLimits limits) {
    ServerServiceDefinition definition = service.bindService();
    String name = "snapdrill-temporal-" + UUID.randomUUID();
    try {
      Server server = InProcessServerBuilder.forName(name).addService(definition).build().start();
      ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      return new ServerLimitsChannel(server, channel,
          ClientInterceptors.intercept(channel, new ServerLimitsInterceptor(limits)), definition.getServiceDescriptor());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the in-process Temporal service: " + e.getMessage(), e);
    }
  }

  /** Every method of the service, each call forwarded through the limits (the workflow service has only unary calls). */
  ServerServiceDefinition forwardingService() {
    ServerServiceDefinition.Builder forwarding = ServerServiceDefinition.builder(descriptor);
    for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
      forward(forwarding, method);
    }
    return forwarding.build();
  }

  private <Q, R> void forward(ServerServiceDefinition.Builder forwarding, MethodDescriptor<Q, R> method) {
    if (method.getType() != MethodDescriptor.MethodType.UNARY) {
      throw new IllegalStateException("only unary calls are forwarded: " + method.getFullMethodName());
    }
    forwarding.addMethod(method, ServerCalls.asyncUnaryCall((request, response) ->
        ClientCalls.asyncUnaryCall(limited.newCall(method, CallOptions.DEFAULT), request, response)));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    inProcess.shutdownNow();
    try {
      inProcess.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

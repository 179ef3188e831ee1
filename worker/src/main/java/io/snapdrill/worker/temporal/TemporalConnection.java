package io.snapdrill.worker.temporal;

import com.uber.m3.tally.Scope;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.snapdrill.temporal.ServerLimits;
import io.snapdrill.temporal.ServerLimitsInterceptor;
import io.snapdrill.worker.codec.PayloadCodecs;
import io.snapdrill.worker.codec.PayloadKeyring;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client and worker factory for either the embedded in-process Temporal service (nothing to
 * install; search attributes registered automatically) or a real Temporal cluster / Temporal Cloud.
 */
public final class TemporalConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TemporalConnection.class);

  private final TestWorkflowEnvironment embedded;
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final String taskQueue;
  /** What the workers' activities hold (AWS clients), closed once the workers stop. */
  private final List<AutoCloseable> workerResources = new CopyOnWriteArrayList<>();

  private TemporalConnection(TestWorkflowEnvironment embedded, WorkflowServiceStubs service, WorkflowClient client,
      WorkerFactory factory, String taskQueue) {
    this.embedded = embedded;
    this.service = service;
    this.client = client;
    this.factory = factory;
    this.taskQueue = taskQueue;
  }

  public static TemporalConnection open(TemporalOptions options) {
    return open(options, null);
  }

  /** With {@code metrics}, the SDK reports its metrics (workflow/activity tasks, latencies, polls) into that scope. */
  public static TemporalConnection open(TemporalOptions options, Scope metrics) {
    PayloadKeyring keys = options.payloadKeys();
    return options.embedded() ? embedded(options.taskQueue, metrics, keys) : remote(options, metrics, keys);
  }

  /**
   * The in-process service: real time (no time skipping), a real server's limits, gone when the process ends.
   */
  public static TemporalConnection embedded(String taskQueue) {
    return embedded(taskQueue, null, PayloadKeyring.ephemeral());
  }

  /** @param keys encrypt payloads with these; null: compressed only */
  public static TemporalConnection embedded(String taskQueue, Scope metrics, PayloadKeyring keys) {
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder().setUseTimeskipping(false)
        .setWorkflowServiceStubsOptions(ServerLimitsInterceptor.stubsOptions(ServerLimits.DEFAULTS))
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(PayloadCodecs.dataConverter(keys)).validateAndBuildWithDefaults());
    if (metrics != null) {
      options.setMetricsScope(metrics);
    }
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options.build());
    for (SearchAttributeKey<String> key : DrillSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return new TemporalConnection(env, env.getWorkflowServiceStubs(), env.getWorkflowClient(),
        env.getWorkerFactory(), taskQueue);
  }

  static TemporalConnection remote(TemporalOptions options, Scope metrics, PayloadKeyring keys) {
    if (keys == null) {
      log.warn("payloads go to {} unencrypted: bucket, key and index names and host addresses are readable in its"
          + " histories; set {} (id=base64key, e.g. from `openssl rand -base64 32`) to encrypt them", options.address,
          options.payloadKeys.source());
    }
    WorkflowServiceStubsOptions.Builder stubs = WorkflowServiceStubsOptions.newBuilder().setTarget(options.address);
    if (metrics != null) {
      stubs.setMetricsScope(metrics);
    }
    if (options.useTls()) {
      stubs.setSslContext(sslContext(options));
    }
    if (options.apiKeyEnv != null) {
      String apiKey = System.getenv(options.apiKeyEnv);
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException("--api-key-env: environment variable " + options.apiKeyEnv + " is not set");
      }
      stubs.addApiKey(() -> apiKey);
    }
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(stubs.build());
    WorkflowClient client = WorkflowClient.newInstance(service,
        WorkflowClientOptions.newBuilder().setNamespace(options.namespace)
            .setDataConverter(PayloadCodecs.dataConverter(keys)).build());
    return new TemporalConnection(null, service, client, WorkerFactory.newInstance(client), options.taskQueue);
  }

  private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext(TemporalOptions options) {
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient();
      if (options.tlsCa != null) {
        ssl.trustManager(options.tlsCa.toFile());
      }
      if (options.tlsCert != null || options.tlsKey != null) {
        if (options.tlsCert == null || options.tlsKey == null) {
          throw new IllegalArgumentException("--tls-cert and --tls-key go together (mTLS)");
        }
        ssl.keyManager(options.tlsCert.toFile(), options.tlsKey.toFile());
      }
      return ssl.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("TLS options: " + e.getMessage(), e);
    }
  }

  /**
   * Adds the Dr* search attributes the drill upserts when the namespace lacks them. Temporal Cloud
   * refuses this through the operator API: then say how to add them instead of failing every drill.
   */
  public void ensureSearchAttributes(String namespace, Consumer<String> warn) {
    if (embedded != null) {
      return;
    }
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setChannel(service.getRawChannel()).validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> existing;
      try {
        existing = operator.blockingStub()
            .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
            .getCustomAttributesMap();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
          throw e;
        }
        return; // `snapdrill temporal-service`: registers them itself and cannot list them
      }
      AddSearchAttributesRequest.Builder add = AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (SearchAttributeKey<String> key : DrillSearchAttributes.ALL) {
        if (!existing.containsKey(key.getName())) {
          add.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
      }
      if (add.getSearchAttributesCount() > 0) {
        operator.blockingStub().addSearchAttributes(add.build());
        log.info("registered search attributes {} in namespace {}", add.getSearchAttributesMap().keySet(), namespace);
      }
    } catch (RuntimeException e) {
      warn.accept("could not check or register search attributes "
          + DrillSearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList() + " ("
          + e.getMessage() + "); add them as Keyword attributes (e.g. `temporal operator search-attribute create"
          + " --namespace " + namespace + " --name DrCluster --type Keyword`), or drills will fail to start.");
    } finally {
      operator.shutdownNow();
    }
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkerFactory factory() {
    return factory;
  }

  public String taskQueue() {
    return taskQueue;
  }

  public String namespace() {
    return client.getOptions().getNamespace();
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  /** Closes {@code resource} when this connection's workers stop (in {@link #close()}). */
  public void closeWithWorkers(AutoCloseable resource) {
    workerResources.add(resource);
  }

  @Override
  public void close() {
    factory.shutdown();
    for (AutoCloseable resource : workerResources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("could not close {}: {}", resource, e.toString());
      }
    }
    workerResources.clear();
    if (embedded != null) {
      embedded.close();
    } else {
      service.shutdown();
    }
  }
}

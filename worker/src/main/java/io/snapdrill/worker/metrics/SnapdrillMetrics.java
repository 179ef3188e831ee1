package io.snapdrill.worker.metrics;

import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * One Prometheus registry for the worker: the Temporal SDK's metrics (through its Micrometer
 * reporter) and Snapdrill's drill metrics, scraped at {@code http://HOST:PORT/metrics}.
 */
public final class SnapdrillMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Scope temporalScope;
  private final DrillMetrics drills;
  private HttpServer server;

  public SnapdrillMetrics(Duration temporalReportEvery) {
    this.temporalScope = new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofMillis(temporalReportEvery.toMillis()));
    this.drills = new DrillMetrics(registry, Clock.systemUTC());
    new JvmMemoryMetrics().bindTo(registry);
  }

  /** Pass to the Temporal service stubs / test environment so the SDK reports into this registry. */
  public Scope temporalScope() {
    return temporalScope;
  }

  public DrillMetrics drills() {
    return drills;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Serves {@code /metrics}; port 0 picks a free port. Returns the bound address. */
  public InetSocketAddress serve(String host, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "snapdrill-metrics");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return server.getAddress();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    try {
      temporalScope.close();   // flushes the SDK's last metrics into the registry
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      // nothing left to report to
    }
    registry.close();
  }
}

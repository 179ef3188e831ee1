package io.snapdrill.worker;

import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.report.DrillTiming;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.worker.cli.CancelOnInterrupt;
import io.snapdrill.worker.cli.DrillFollower;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.cli.HealPolicyConverter;
import io.snapdrill.worker.codec.PayloadKeyring;
import io.snapdrill.worker.local.LocalScenario;
import io.snapdrill.worker.local.LocalStack;
import io.snapdrill.worker.temporal.DrillOverrides;
import io.snapdrill.worker.temporal.DrillStarter;
import io.snapdrill.worker.temporal.LoopbackTemporalService;
import io.snapdrill.worker.temporal.SnapdrillWorker;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true,
    description = {
        "Run a whole drill on this machine, with nothing but Java: an embedded Temporal service and worker,"
            + " a real source node with sample data, an S3 server with a primary and a replica bucket (with"
            + " stand-ins for replication and lifecycle expiry), and a local restore node.",
        "Everything it starts is stopped and its files removed at the end, also on Ctrl-C; the report stays.",
        "Exit code 0 when the drill passed, 1 when it failed (as some scenarios should), 2 on bad input, 3 on errors."})
public class LocalCommand implements Callable<Integer> {
  @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "happy",
      description = "happy (default), rewind, rewind-after-fix, replica-lag, missing-blob, bad-data.")
  String scenario;

  @Option(names = "--heal", paramLabel = "POLICY", converter = HealPolicyConverter.class, defaultValue = "never",
      description = "Delete markers hiding needed blobs: never (default), auto, ask (then approve-heal or deny-heal).")
  HealPolicy heal;

  @Option(names = "--product", paramLabel = "PRODUCT", defaultValue = "elasticsearch",
      description = "elasticsearch (8.19, default) or opensearch (2.19).")
  String product;

  @Option(names = "--scale", paramLabel = "FACTOR", defaultValue = "1",
      description = "Multiplies the sample documents (1: about 37,000).")
  double scale;

  @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "snapdrill-reports",
      description = "Where the drill report is written (default: ${DEFAULT-VALUE}).")
  Path reportDirectory;

  @Option(names = "--temporal-port", paramLabel = "PORT", defaultValue = "0",
      description = "Port of the embedded Temporal service on 127.0.0.1 (default: any free port).")
  int temporalPort;

  @Override
  public Integer call() {
    LocalScenario chosen = LocalScenario.of(scenario);
    Product chosenProduct = productOf(product);
    if (!(scale > 0 && scale <= 20)) {
      throw new IllegalArgumentException("--scale: " + scale + " must be above 0 and at most 20");
    }
    System.out.println("snapdrill local: scenario " + chosen.id() + ": " + chosen.description());
    Path work = workDirectory();
    LocalRun run = new LocalRun(work);
    CancelOnInterrupt guard = CancelOnInterrupt.install(() -> {
      run.close();
      System.err.println("stopped; removed " + work);
    });
    try {
      DrillResult result = run.drill(chosen, chosenProduct, guard);
      if (result == null) {
        return ExitCode.FAILED;
      }
      System.out.println(DrillFollower.describe(result));
      System.out.println("  " + run.timing());
      return result.outcome() == DrillOutcome.PASSED ? ExitCode.PASSED : ExitCode.FAILED;
    } finally {
      run.close();
      guard.remove();
    }
  }

  private static Product productOf(String value) {
    try {
      return Product.of(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--product: '" + value + "' is not one of elasticsearch, opensearch");
    }
  }

  private static Path workDirectory() {
    try {
      return Files.createTempDirectory("snapdrill-local-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work directory: " + e.getMessage(), e);
    }
  }

  /** One local drill and what it started; closes everything once, whoever asks first. */
  private final class LocalRun {
    private final Path work;
    private LoopbackTemporalService service;
    private LocalStack stack;
    private TemporalConnection connection;
    private String drillId;
    private boolean closed;

    LocalRun(Path work) {
      this.work = work;
    }

    DrillResult drill(LocalScenario chosen, Product chosenProduct, CancelOnInterrupt guard) {
      service = LoopbackTemporalService.start(temporalPort);
      stack = LocalStack.start(new LocalStack.Settings(chosenProduct, chosen, scale, work,
          reportDirectory.toAbsolutePath().normalize()), line -> System.out.println(
          java.time.LocalTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + line));
      // Encrypted like a real deployment; other commands (status, approve-heal) get the key file's path.
      TemporalOptions temporal = TemporalOptions.at(service.address());
      temporal.payloadKeys.file = PayloadKeyring.writeNewKeyFile(work.resolve("payload-keys"), "local");
      String commandOptions = "--temporal-address " + service.address() + " --payload-keys-file " + temporal.payloadKeys.file;
      connection = TemporalConnection.open(temporal);
      SnapdrillConfig config = stack.config();
      SnapdrillWorker.register(connection,
          stack.activities(SnapdrillWorker.activities(connection, config, null, SnapdrillWorker.Role.ONLY_WORKER)));
      connection.factory().start();

      DrillStarter.DrillStart start = new DrillStarter(config, connection.taskQueue())
          .onDemand(LocalStack.CLUSTER, new DrillOverrides(null, heal, null, null, null));
      drillId = start.workflowId();
      start.startOn(connection.client());
      // the service runs in this process: Ctrl-C must end the drill (and its teardown) before it goes
      guard.follow(connection.client(), drillId, true);
      System.out.println("drill " + drillId + " started (heal " + heal + "); Temporal at " + service.address()
          + ": snapdrill status " + commandOptions);
      DrillResult result = new DrillFollower(connection.client(), System.out)
          .withCommandOptions(commandOptions)
          .follow(drillId);
      guard.drillEnded();
      return result;
    }

    String timing() {
      return DrillTiming.from(connection.client().fetchHistory(drillId).getEvents()).describe();
    }

    synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (connection != null) {
        connection.factory().shutdownNow();
        connection.close();
      }
      if (stack != null) {
        stack.close();
      }
      if (service != null) {
        service.close();
      }
      try {
        io.snapdrill.activities.node.DistributionInstaller.deleteRecursively(work);
      } catch (IOException e) {
        System.err.println("could not remove " + work + ": " + e.getMessage());
      }
    }
  }
}

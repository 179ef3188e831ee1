package io.snapdrill.worker;

import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.DrillDefaults;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.report.DrillTiming;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.model.RestoreAThonResult;
import io.snapdrill.worker.cli.CancelOnInterrupt;
import io.snapdrill.worker.cli.DrillFollower;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.cli.HealPolicyConverter;
import io.snapdrill.worker.cli.RestoreAThonFollower;
import io.snapdrill.worker.codec.PayloadKeyring;
import io.snapdrill.worker.local.LocalCluster;
import io.snapdrill.worker.local.LocalScenario;
import io.snapdrill.worker.local.LocalStack;
import io.snapdrill.worker.temporal.DrillOverrides;
import io.snapdrill.worker.temporal.DrillStarter;
import io.snapdrill.worker.temporal.LoopbackTemporalService;
import io.snapdrill.worker.temporal.SnapdrillWorker;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.snapdrill.workflows.RestoreAThonWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true,
    description = {
        "Run a whole drill on this machine, with nothing but Java: an embedded Temporal service and worker,"
            + " a real source node with sample data, an S3 server with a primary and a replica bucket (with"
            + " stand-ins for replication and lifecycle expiry), and a local restore node.",
        "With --restore-a-thon: three clusters (Elasticsearch 8.19, Elasticsearch 7.17, OpenSearch 2.19), each"
            + " with its repository under its own prefix of the same buckets, drilled as a restore-a-thon with one"
            + " combined report; a --scenario then breaks only the Elasticsearch 7 cluster.",
        "Everything it starts is stopped and its files removed at the end, also on Ctrl-C; the report stays.",
        "Exit code 0 when the drill (every drill) passed, 1 when one failed (as some scenarios should), 2 on bad"
            + " input, 3 on errors."})
public class LocalCommand implements Callable<Integer> {
  @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "happy",
      description = "happy (default), rewind, rewind-after-fix, replica-lag, missing-blob, bad-data.")
  String scenario;

  @Option(names = "--heal", paramLabel = "POLICY", converter = HealPolicyConverter.class, defaultValue = "never",
      description = "Delete markers hiding needed blobs: never (default), auto, ask (then approve-heal or deny-heal).")
  HealPolicy heal;

  @Option(names = "--product", paramLabel = "PRODUCT",
      description = "elasticsearch (8.19, default) or opensearch (2.19); not with --restore-a-thon, which runs both.")
  String product;

  @Option(names = "--restore-a-thon",
      description = "Drill three local clusters (Elasticsearch 8, Elasticsearch 7, OpenSearch 2) as a restore-a-thon.")
  boolean restoreAThon;

  @Option(names = "--max-concurrent", paramLabel = "N",
      description = "With --restore-a-thon: drills (restore nodes) at once (default 1: the three source nodes"
          + " already run on this machine).")
  Integer maxConcurrent;

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
    if (!(scale > 0 && scale <= 20)) {
      throw new IllegalArgumentException("--scale: " + scale + " must be above 0 and at most 20");
    }
    if (restoreAThon && product != null) {
      throw new IllegalArgumentException("--product: the restore-a-thon drills Elasticsearch and OpenSearch"
          + " clusters together; leave --product out");
    }
    if (!restoreAThon && maxConcurrent != null) {
      throw new IllegalArgumentException("--max-concurrent: only with --restore-a-thon");
    }
    int limit = maxConcurrent == null ? 1 : maxConcurrent;
    if (limit < 1 || limit > LocalCluster.RESTORE_A_THON.size()) {
      throw new IllegalArgumentException("--max-concurrent: " + limit + " must be from 1 to "
          + LocalCluster.RESTORE_A_THON.size());
    }
    Path work = workDirectory();
    Path reports = reportDirectory.toAbsolutePath().normalize();
    LocalStack.Settings settings = restoreAThon ? LocalStack.Settings.restoreAThon(chosen, scale, work, reports)
        : new LocalStack.Settings(productOf(product == null ? "elasticsearch" : product), chosen, scale, work, reports);
    System.out.println(restoreAThon ? restoreAThonIntroduction(settings) : "snapdrill local: scenario " + chosen.id()
        + ": " + chosen.description());
    LocalRun run = new LocalRun(work);
    CancelOnInterrupt guard = CancelOnInterrupt.install(() -> {
      run.close();
      System.err.println("stopped; removed " + work);
    });
    try {
      return restoreAThon ? run.restoreAThon(settings, limit, guard) : run.drill(settings, guard);
    } finally {
      run.close();
      guard.remove();
    }
  }

  /** Which clusters run, and which one the scenario breaks: a newcomer must know which failure to expect. */
  private static String restoreAThonIntroduction(LocalStack.Settings settings) {
    String clusters = settings.clusters().stream().map(c -> c.name() + " (" + c.distribution() + ")")
        .collect(Collectors.joining(", "));
    LocalScenario chosen = settings.scenario();
    String others = settings.clusters().stream().map(LocalCluster::name)
        .filter(name -> !name.equals(settings.brokenCluster())).collect(Collectors.joining(" and "));
    return "snapdrill local --restore-a-thon: " + clusters + "\n"
        + (chosen == LocalScenario.HAPPY ? "scenario happy: nothing is broken: every drill passes"
            : "scenario " + chosen.id() + " breaks cluster " + settings.brokenCluster() + " only (" + others
                + " stay whole): " + chosen.descriptionForOneOfSeveral());
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

  /** The configuration with the drills' heal policy in its {@code drill:} section. */
  private static SnapdrillConfig withHeal(SnapdrillConfig config, HealPolicy heal) {
    DrillDefaults d = config.drill();
    return new SnapdrillConfig(config.clusters(), config.restoreHost(),
        new DrillDefaults(heal, d.replicationDeadline(), d.replicationFirstBackoff(), d.replicationMaxBackoff(),
            d.healDecisionDeadline(), d.maxHostReplacements()),
        config.reports(), config.restoreAThon(), config.triggers(), config.schedules());
  }

  /** One local drill or restore-a-thon and what it started; closes everything once, whoever asks first. */
  private final class LocalRun {
    private final Path work;
    private LoopbackTemporalService service;
    private LocalStack stack;
    private TemporalConnection connection;
    private String drillId;
    private String commandOptions;
    private boolean closed;

    LocalRun(Path work) {
      this.work = work;
    }

    /** Starts the service, the stack and a worker; returns the configuration the drills run with. */
    private SnapdrillConfig start(LocalStack.Settings settings) {
      service = LoopbackTemporalService.start(temporalPort);
      stack = LocalStack.start(settings, line -> System.out.println(
          java.time.LocalTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + line));
      // Encrypted like a real deployment; other commands (status, approve-heal) get the key file's path.
      TemporalOptions temporal = TemporalOptions.at(service.address());
      temporal.payloadKeys.file = PayloadKeyring.writeNewKeyFile(work.resolve("payload-keys"), "local");
      commandOptions = "--temporal-address " + service.address() + " --payload-keys-file " + temporal.payloadKeys.file;
      connection = TemporalConnection.open(temporal);
      SnapdrillConfig config = stack.config();
      SnapdrillWorker.register(connection,
          stack.activities(SnapdrillWorker.activities(connection, config, null, SnapdrillWorker.Role.ONLY_WORKER)));
      connection.factory().start();
      return config;
    }

    int drill(LocalStack.Settings settings, CancelOnInterrupt guard) {
      SnapdrillConfig config = start(settings);
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
      if (result == null) {
        return ExitCode.FAILED;
      }
      System.out.println(DrillFollower.describe(result));
      System.out.println("  " + timing());
      return result.outcome() == DrillOutcome.PASSED ? ExitCode.PASSED : ExitCode.FAILED;
    }

    /**
     * The restore-a-thon workflow as {@code snapdrill restore-a-thon} starts it, over the stack's
     * clusters; the heal policy reaches its drills through the configuration's {@code drill:} section,
     * as it does for a scheduled restore-a-thon.
     */
    int restoreAThon(LocalStack.Settings settings, int limit, CancelOnInterrupt guard) {
      SnapdrillConfig config = withHeal(start(settings), heal);
      DrillStarter starter = new DrillStarter(config, connection.taskQueue());
      drillId = starter.timestampedId("restore-a-thon");
      List<String> clusters = config.clusters().stream().map(ClusterConfig::name).toList();
      RestoreAThonWorkflow workflow = connection.client().newWorkflowStub(RestoreAThonWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(drillId).setTaskQueue(connection.taskQueue()).build());
      // Canceling the restore-a-thon cancels its drills, which tear their restore nodes down. Guarded
      // before it starts: a Ctrl-C right after the start must not end the service under it.
      guard.follow(connection.client(), drillId, true);
      WorkflowClient.start(workflow::run, starter.restoreAThon(clusters, limit));
      System.out.println(drillId + ": drilling " + clusters + ", " + limit + " at a time (heal " + heal
          + "); Temporal at " + service.address() + ": snapdrill status " + commandOptions);
      RestoreAThonResult result = new RestoreAThonFollower(connection.client(), System.out)
          .withCommandOptions(commandOptions)
          .follow(drillId, clusters);
      guard.drillEnded();
      if (result == null) {
        System.out.println(drillId + " was canceled; its drills tore their restore nodes down");
        return ExitCode.FAILED;
      }
      // the restore-a-thon keeps summaries only; here, three drills, each one's own result says the most
      List<DrillResult> drills = clusters.stream().map(cluster -> drillResult(drillId + "-" + cluster))
          .filter(java.util.Objects::nonNull).toList();
      drills.forEach(drill -> System.out.println(DrillFollower.describe(drill)));
      if (settings.scenario() != LocalScenario.HAPPY) {
        drills.stream().filter(d -> d.cluster().equals(settings.brokenCluster())).findFirst()
            .ifPresent(d -> System.out.println("scenario " + settings.scenario().id() + " broke cluster "
                + d.cluster() + ": its drill " + d.outcome()
                + (d.failureType() != null ? " (" + d.failureType() + ")" : "")));
      }
      System.out.println(result.passed() + " of " + result.clusters() + " clusters passed"
          + (result.report() == null ? "; the restore-a-thon report could not be written"
              : "; restore-a-thon report:\n  " + result.report().html() + "\n  " + result.report().markdown()
                  + "\n  " + result.report().json()));
      return result.failed() == 0 ? ExitCode.PASSED : ExitCode.FAILED;
    }

    /** A finished drill's result (a failed drill carries it in its failure), or null when it has none. */
    private DrillResult drillResult(String id) {
      try {
        return connection.client().newUntypedWorkflowStub(id).getResult(DrillResult.class);
      } catch (io.temporal.client.WorkflowFailedException e) {
        return DrillFollower.failedResult(e);
      } catch (RuntimeException e) {
        return null;
      }
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

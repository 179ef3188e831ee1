package io.snapdrill.worker;

import io.grpc.StatusRuntimeException;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "snapdrill", mixinStandardHelpOptions = true, version = "snapdrill 0.1.0",
    description = {
        "Proves that Elasticsearch and OpenSearch snapshots kept in S3 can really be restored in the"
            + " disaster-recovery region, as durable Temporal workflows.",
        "",
        "Exit codes: 0 passed, 1 drill failed or hazard found, 2 bad input, 3 error."},
    subcommands = {
        DrillCommand.class,
        RestoreCommand.class,
        RestoreAThonCommand.class,
        WorkerCommand.class,
        StatusCommand.class,
        TriggerCommand.class,
        TriggerConsumerCommand.class,
        SchedulesCommand.class,
        ReportCommand.class,
        HealDecisionCommand.Approve.class,
        HealDecisionCommand.Deny.class,
        AuditLifecycleCommand.class,
        InspectRepoCommand.class,
        HealCommand.class,
        RepositoryCommand.class,
        TemporalServiceCommand.class,
        CodecServerCommand.class,
        LocalCommand.class,
        CommandLine.HelpCommand.class})
public class SnapdrillCommand implements Runnable {
  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of errors.")
  static boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return new CommandLine(new SnapdrillCommand())
        .setExecutionExceptionHandler(SnapdrillCommand::handle)
        .setParameterExceptionHandler((e, a) -> {
          System.err.println("snapdrill: " + e.getMessage());
          e.getCommandLine().usage(System.err);
          return ExitCode.BAD_INPUT;
        })
        .execute(args);
  }

  /** One clear sentence per error; the stack trace only with --verbose. */
  private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (verbose) {
      e.printStackTrace();
    }
    if (e instanceof ConfigException config) {
      System.err.println(config.getMessage());
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof IllegalArgumentException) {
      System.err.println("snapdrill: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof StatusRuntimeException grpc) {
      System.err.println("snapdrill: Temporal answered " + grpc.getStatus().getCode() + ": "
          + grpc.getStatus().getDescription() + " (check --temporal-address, --namespace and TLS options)");
      return ExitCode.ERROR;
    }
    System.err.println("snapdrill: " + e.getClass().getSimpleName() + ": " + e.getMessage()
        + (verbose ? "" : " (--verbose shows the stack trace)"));
    return ExitCode.ERROR;
  }
}

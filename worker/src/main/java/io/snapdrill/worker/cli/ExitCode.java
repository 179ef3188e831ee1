package io.snapdrill.worker.cli;

/** Exit codes scripts and schedulers can rely on. */
public final class ExitCode {
  /** The drill (or every drill) passed; the audit found no hazard. */
  public static final int PASSED = 0;
  /** A drill failed, or an audit found a hazard: read the report. */
  public static final int FAILED = 1;
  /** Bad input: command line, configuration file, lifecycle JSON. Nothing was started. */
  public static final int BAD_INPUT = 2;
  /** Snapdrill itself could not do its job (Temporal unreachable, unexpected error). */
  public static final int ERROR = 3;
  /** trigger: a removal event hit a repository key a snapshot needs (the repository sentinel's alert). */
  public static final int REPOSITORY_ALERT = 4;
  /** Interrupted (Ctrl-C). */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}

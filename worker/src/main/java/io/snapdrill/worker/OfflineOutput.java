package io.snapdrill.worker;

import io.snapdrill.activities.offline.CommandResult;

/** Offline commands print their lines (errors to stderr) and exit with the result's code. */
final class OfflineOutput {
  private OfflineOutput() {}

  static int print(CommandResult result) {
    (result.exitCode() == CommandResult.BAD_INPUT ? System.err : System.out).print(result.text());
    return result.exitCode();
  }
}

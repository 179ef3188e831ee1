package io.snapdrill.activities.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test class, every AWS call the code made (recorded by {@link AwsCallRecorder}) must be one
 * the declared permission lists hold, which infra-terraform's checks hold the IAM policies to. Registered
 * for every test class by JUnit's extension auto-detection (META-INF/services, switched on by the
 * surefire configuration of activities and worker). Classes that run concurrently share the record: a
 * call is then reported after whichever class ends first, and its caller says where it came from.
 */
public final class AwsCallsDeclared implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) {
    List<AwsCallRecorder.Call> calls = AwsCallRecorder.drain();
    List<String> problems = AwsCallRecorder.undeclared(calls);
    if (!problems.isEmpty()) {
      throw new AssertionError("AWS calls no declared IAM grant covers (add each to its permissions list, then"
          + " grant it in infra-terraform and list it in docs/operations.md):\n  " + String.join("\n  ", problems));
    }
  }
}

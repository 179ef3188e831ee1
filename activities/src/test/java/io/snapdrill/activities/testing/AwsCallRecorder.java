package io.snapdrill.activities.testing;

import io.snapdrill.activities.aws.WorkerRolePermissions;
import io.snapdrill.activities.host.ec2.Ec2HostPermissions;
import io.snapdrill.activities.storage.HealPermissions;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS call Snapdrill's code makes in the tests: service, operation, whether a version
 * id was given, and the class that made it. Registered for every SDK client of a test JVM through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so no test has to opt in;
 * {@link AwsCallsDeclared} checks the calls after each test class.
 *
 * <p>A call is Snapdrill's when the innermost io.snapdrill frame on the calling thread is main code.
 * Calls the tests make themselves (creating buckets, uploading fixtures) are not recorded: their
 * innermost frame is a test class. Nor are the local mode's stand-ins for AWS and the clusters
 * ({@value #LOCAL_MODE}), which never run as the worker's role.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
  static final String LOCAL_MODE = "io.snapdrill.worker.local.";
  /** The class whose calls are healing's: they run as the heal role (HealPermissions), not the worker's. */
  static final String HEALER = "io.snapdrill.activities.storage.DeleteMarkerHealer";
  private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final Set<Call> CALLS = ConcurrentHashMap.newKeySet();

  /**
   * @param service the SDK's service name, e.g. "S3", "S3Control", "Sqs", "Ec2"
   * @param caller the innermost io.snapdrill main class on the stack, or "?" (a call on an SDK thread,
   *     such as a credentials refresh)
   */
  public record Call(String service, String operation, boolean versioned, String caller) {
    @Override
    public String toString() {
      return service + " " + operation + (versioned ? " (with a version id)" : "") + " from " + caller;
    }
  }

  /** Instantiated by the SDK for every client (public, no arguments); the calls are kept for the whole JVM. */
  public AwsCallRecorder() {}

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    Optional<Class<?>> caller = STACK.walk(frames -> frames.<Class<?>>map(StackWalker.StackFrame::getDeclaringClass)
        .filter(c -> c.getName().startsWith("io.snapdrill.") && c != AwsCallRecorder.class)
        .findFirst());
    if (caller.isPresent() && (isTestCode(caller.get()) || caller.get().getName().startsWith(LOCAL_MODE))) {
      return;
    }
    record(new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
        context.request().getValueForField("VersionId", String.class).isPresent(),
        caller.map(Class::getName).orElse("?")));
  }

  static void record(Call call) {
    CALLS.add(call);
  }

  /** Test classes come from a test-classes directory or a -tests.jar; main code from classes or the module jar. */
  private static boolean isTestCode(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    String path = location == null ? "" : location.getPath();
    return path.contains("/test-classes") || path.endsWith("-tests.jar");
  }

  /** The calls recorded since the last drain, and forgets them. */
  static List<Call> drain() {
    List<Call> calls = new ArrayList<>(CALLS);
    CALLS.removeAll(calls);
    return calls;
  }

  /**
   * What is wrong with the calls: each call no declared grant covers, naming the call, the role it runs
   * as and the list it is missing from. Healing's calls are the heal role's (HealPermissions), EC2 and
   * SSM calls the worker's (Ec2HostPermissions), every other call the worker's (WorkerRolePermissions).
   */
  public static List<String> undeclared(Collection<Call> calls) {
    Set<String> problems = new TreeSet<>();
    for (Call call : calls) {
      boolean healing = call.caller().equals(HEALER) || call.caller().startsWith(HEALER + "$");
      if (healing && call.service().equals("S3")) {
        boolean declared = HealPermissions.forOperation(call.operation())
            .filter(g -> g.action().equals("s3:DeleteObjectVersion") == call.versioned()).isPresent();
        if (!declared) {
          problems.add(call + ": healing makes it as the heal role, and HealPermissions.HEAL_ROLE does not list it");
        }
      } else if (call.service().equals("Ec2") || call.service().equals("Ssm")) {
        String action = call.service().toLowerCase(java.util.Locale.ROOT) + ":" + call.operation();
        if (Ec2HostPermissions.grant(action).isEmpty()) {
          problems.add(call + ": " + action + " is not in Ec2HostPermissions.WORKER");
        }
      } else if (WorkerRolePermissions.forCall(call.service(), call.operation(), call.versioned()).isEmpty()) {
        problems.add(call + ": the worker makes it with its own role, and WorkerRolePermissions.WORKER does not list it");
      }
    }
    return new ArrayList<>(problems);
  }
}

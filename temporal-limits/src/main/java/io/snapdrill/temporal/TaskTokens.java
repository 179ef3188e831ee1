package io.snapdrill.temporal;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.temporal.api.common.v1.WorkflowExecution;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The workflow execution a task token of the embedded test service belongs to. A real server's tokens are
 * its own business; the test service writes namespace, workflow id and run id first (modified UTF-8, as
 * {@link java.io.DataOutputStream#writeUTF} does) in its workflow and activity task tokens alike.
 */
final class TaskTokens {
  private TaskTokens() {}

  static WorkflowExecution execution(ByteString token) {
    try (DataInputStream in = new DataInputStream(token.newInput())) {
      in.readUTF(); // namespace
      return WorkflowExecution.newBuilder().setWorkflowId(in.readUTF()).setRunId(in.readUTF()).build();
    } catch (IOException e) {
      throw Status.INVALID_ARGUMENT.withDescription("Error deserializing task token.").withCause(e).asRuntimeException();
    }
  }
}

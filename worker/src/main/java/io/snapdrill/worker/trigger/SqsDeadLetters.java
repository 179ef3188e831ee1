package io.snapdrill.worker.trigger;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Sends dead letters to an SQS queue, the body unchanged and the reason as a message attribute. */
public final class SqsDeadLetters implements DeadLetters {
  private final SqsClient sqs;
  private final String queueUrl;

  public SqsDeadLetters(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public String keep(String messageId, String body, String reason) {
    // SQS refuses an empty body; keep the fact that it was empty.
    String payload = body == null || body.isEmpty() ? "(empty message body)" : body;
    String reasonText = reason.length() > 1000 ? reason.substring(0, 1000) + "..." : reason;
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(payload)
        .messageAttributes(Map.of(
            "snapdrill-reason", MessageAttributeValue.builder().dataType("String").stringValue(reasonText).build(),
            "snapdrill-source-message-id", MessageAttributeValue.builder().dataType("String")
                .stringValue(messageId == null ? "none" : messageId).build())));
    return queueUrl;
  }
}

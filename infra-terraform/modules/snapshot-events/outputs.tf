output "queue_url" {
  description = "Queue the trigger consumer long-polls (snapdrill.yaml triggers.queueUrl)."
  value       = aws_sqs_queue.events.id
}

output "queue_arn" {
  description = "ARN of that queue (the iam module's events_queue_arn)."
  value       = aws_sqs_queue.events.arn
}

output "dead_letter_queue_url" {
  description = "Dead-letter queue: events redelivered max_receive_count times, and events the consumer cannot handle (snapdrill.yaml triggers.deadLetterQueueUrl)."
  value       = aws_sqs_queue.dead_letters.id
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue (the iam module's dead_letter_queue_arn)."
  value       = aws_sqs_queue.dead_letters.arn
}

output "region" {
  description = "Region of the queues, the primary bucket's (snapdrill.yaml triggers.region)."
  value       = data.aws_region.current.name
}

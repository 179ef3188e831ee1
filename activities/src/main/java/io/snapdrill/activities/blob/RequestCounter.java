package io.snapdrill.activities.blob;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts S3 requests by operation (each HTTP attempt), to hold audits to their request budget. */
public final class RequestCounter implements ExecutionInterceptor {
  private final Map<String, AtomicLong> byOperation = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    byOperation.computeIfAbsent(operation == null ? "?" : operation, k -> new AtomicLong()).incrementAndGet();
  }

  public long total() {
    return byOperation.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long count(String operation) {
    AtomicLong count = byOperation.get(operation);
    return count == null ? 0 : count.get();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    byOperation.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public void reset() {
    byOperation.clear();
  }
}

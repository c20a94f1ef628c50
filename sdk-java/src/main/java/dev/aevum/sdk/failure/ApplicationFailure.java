package dev.aevum.sdk.failure;

import dev.aevum.sdk.converter.DataConverter;
import io.temporal.api.common.v1.Payloads;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure raised by workflow or activity code. Throwing it from a workflow fails the workflow;
 * throwing it from an activity fails the attempt, and it is retried unless non-retryable.
 * Any other exception thrown by an activity is reported as an ApplicationFailure whose type is
 * the exception's class name.
 */
public final class ApplicationFailure extends AevumFailure {
  private static final long serialVersionUID = 1L;
  private final String type;
  private final boolean nonRetryable;
  private final transient Payloads details;
  private final transient DataConverter converter;

  private ApplicationFailure(
      String message, String type, boolean nonRetryable, Payloads details, DataConverter converter, Throwable cause) {
    super(message, cause);
    this.type = Objects.requireNonNull(type, "type");
    this.nonRetryable = nonRetryable;
    this.details = details;
    this.converter = converter;
  }

  /** A retryable failure; {@code details} are encoded with the default data converter. */
  public static ApplicationFailure newFailure(String message, String type, Object... details) {
    DataConverter converter = DataConverter.defaultInstance();
    return new ApplicationFailure(message, type, false, converter.toPayloads(details), converter, null);
  }

  /** A failure that the server will not retry. */
  public static ApplicationFailure newNonRetryableFailure(String message, String type, Object... details) {
    DataConverter converter = DataConverter.defaultInstance();
    return new ApplicationFailure(message, type, true, converter.toPayloads(details), converter, null);
  }

  /** Rebuilds a failure received from the server. Used by the SDK's failure converter. */
  public static ApplicationFailure fromWire(
      String message, String type, boolean nonRetryable, Payloads details, DataConverter converter, Throwable cause) {
    return new ApplicationFailure(message, type, nonRetryable, details, converter, cause);
  }

  public String getType() {
    return type;
  }

  public boolean isNonRetryable() {
    return nonRetryable;
  }

  /** The encoded details, as sent on the wire. */
  public Payloads getEncodedDetails() {
    return details == null ? Payloads.getDefaultInstance() : details;
  }

  /** Decodes detail {@code index}, or empty when there are fewer details. */
  public <T> Optional<T> getDetail(int index, Class<T> type) {
    Payloads payloads = getEncodedDetails();
    if (index >= payloads.getPayloadsCount()) {
      return Optional.empty();
    }
    DataConverter dc = converter == null ? DataConverter.defaultInstance() : converter;
    return Optional.ofNullable(dc.fromPayload(payloads.getPayloads(index), type, type));
  }

  @Override
  public String toString() {
    return "ApplicationFailure{type=" + type + ", nonRetryable=" + nonRetryable + ", message=" + getOriginalMessage() + "}";
  }
}

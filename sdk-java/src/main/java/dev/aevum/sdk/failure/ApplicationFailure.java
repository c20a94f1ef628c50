package dev.aevum.sdk.failure;

import dev.aevum.sdk.converter.DataConverter;
import io.temporal.api.common.v1.Payloads;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure raised by workflow or activity code. Throwing it from a workflow fails the workflow;
 * throwing it from an activity fails the attempt, and it is retried unless non-retryable. Any other
 * exception thrown by an activity is reported as an ApplicationFailure whose type is the
 * exception's class name.
 */
public final class ApplicationFailure extends AevumFailure {
  private static final long serialVersionUID = 1L;
  private final String type;
  private final boolean nonRetryable;
  private final transient Payloads details;
  private final transient DataConverter converter;
  // Details of a failure raised here, encoded only when it is sent, with the worker's converter.
  private final transient Object[] localDetails;

  private ApplicationFailure(
      String message,
      String type,
      boolean nonRetryable,
      Payloads details,
      DataConverter converter,
      Throwable cause) {
    super(message, cause);
    this.type = Objects.requireNonNull(type, "type");
    this.nonRetryable = nonRetryable;
    this.details = details;
    this.converter = converter;
    this.localDetails = null;
  }

  private ApplicationFailure(
      String message, String type, boolean nonRetryable, Object[] localDetails) {
    super(message, null);
    this.type = Objects.requireNonNull(type, "type");
    this.nonRetryable = nonRetryable;
    this.details = null;
    this.converter = null;
    this.localDetails = localDetails == null ? new Object[0] : localDetails.clone();
  }

  /**
   * A retryable failure; {@code details} are encoded with the worker's data converter when sent.
   */
  public static ApplicationFailure newFailure(String message, String type, Object... details) {
    return new ApplicationFailure(message, type, false, details);
  }

  /** A failure that the server will not retry. */
  public static ApplicationFailure newNonRetryableFailure(
      String message, String type, Object... details) {
    return new ApplicationFailure(message, type, true, details);
  }

  /** Rebuilds a failure received from the server. Used by the SDK's failure converter. */
  public static ApplicationFailure fromWire(
      String message,
      String type,
      boolean nonRetryable,
      Payloads details,
      DataConverter converter,
      Throwable cause) {
    return new ApplicationFailure(message, type, nonRetryable, details, converter, cause);
  }

  public String type() {
    return type;
  }

  public boolean nonRetryable() {
    return nonRetryable;
  }

  /**
   * The encoded details, as sent on the wire (local details encoded with the default converter).
   */
  public Payloads encodedDetails() {
    return encodeDetails(DataConverter.defaultInstance());
  }

  /**
   * The details encoded with {@code dataConverter}; received details keep their original encoding.
   */
  public Payloads encodeDetails(DataConverter dataConverter) {
    if (localDetails != null) {
      return dataConverter.toPayloads(localDetails);
    }
    return details == null ? Payloads.getDefaultInstance() : details;
  }

  /** Decodes detail {@code index}, or empty when there are fewer details. */
  public <T> Optional<T> detail(int index, Class<T> type) {
    if (localDetails != null) {
      // A round trip gives the same answer the receiving side will get.
      DataConverter dc = DataConverter.defaultInstance();
      return index < localDetails.length
          ? Optional.ofNullable(dc.fromPayload(dc.toPayload(localDetails[index]), type, type))
          : Optional.empty();
    }
    Payloads payloads = encodedDetails();
    if (index >= payloads.getPayloadsCount()) {
      return Optional.empty();
    }
    DataConverter dc = converter == null ? DataConverter.defaultInstance() : converter;
    return Optional.ofNullable(dc.fromPayload(payloads.getPayloads(index), type, type));
  }

  @Override
  public String toString() {
    return "ApplicationFailure{type="
        + type
        + ", nonRetryable="
        + nonRetryable
        + ", message="
        + originalMessage()
        + "}";
  }
}

package dev.aevum.sdk.internal.worker;

import com.google.protobuf.ByteString;
import dev.aevum.sdk.activity.ActivityContext;
import dev.aevum.sdk.activity.ActivityInfo;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.internal.common.Rpc;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import java.util.Optional;

/** Heartbeats go straight to the server; throttling them is future work. */
final class ActivityContextImpl implements ActivityContext {
  private final ActivityInfo info;
  private final ByteString taskToken;
  private final Optional<Payloads> previousDetails;
  private final Rpc rpc;
  private final DataConverter converter;
  private final String identity;
  private boolean completeOnReturn = true;

  ActivityContextImpl(
      ActivityInfo info, ByteString taskToken, Optional<Payloads> previousDetails, Rpc rpc, DataConverter converter, String identity) {
    this.info = info;
    this.taskToken = taskToken;
    this.previousDetails = previousDetails;
    this.rpc = rpc;
    this.converter = converter;
    this.identity = identity;
  }

  @Override
  public ActivityInfo getInfo() {
    return info;
  }

  @Override
  public void heartbeat(Object details) {
    RecordActivityTaskHeartbeatRequest request =
        RecordActivityTaskHeartbeatRequest.newBuilder()
            .setNamespace(info.namespace())
            .setTaskToken(taskToken)
            .setIdentity(identity)
            .setDetails(converter.toPayloads(details))
            .build();
    RecordActivityTaskHeartbeatResponse response =
        rpc.call("RecordActivityTaskHeartbeat", s -> s.recordActivityTaskHeartbeat(request));
    if (response.getCancelRequested()) {
      throw new CanceledFailure("activity " + info.activityType() + " (id " + info.activityId() + ") cancel requested", null);
    }
  }

  @Override
  public byte[] getTaskToken() {
    return taskToken.toByteArray();
  }

  @Override
  public void doNotCompleteOnReturn() {
    completeOnReturn = false;
  }

  boolean completeOnReturn() {
    return completeOnReturn;
  }

  @Override
  public <T> Optional<T> getHeartbeatDetails(Class<T> type) {
    if (previousDetails.isEmpty() || previousDetails.get().getPayloadsCount() == 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(converter.fromPayloads(0, previousDetails, type, type));
  }
}

package dev.aevum.sdk.internal.replay;

import io.temporal.api.common.v1.Payloads;
import java.util.Optional;

/** Creates the workflow object and runs its workflow method; called on the root workflow thread. */
@FunctionalInterface
public interface WorkflowEntryPoint {
  Optional<Payloads> run(Optional<Payloads> input);
}

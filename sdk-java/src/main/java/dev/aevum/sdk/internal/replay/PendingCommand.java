package dev.aevum.sdk.internal.replay;

import io.temporal.api.command.v1.Command;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.function.Consumer;

/**
 * A command produced by workflow code and not yet paired with its history event. {@code onRecorded}
 * receives that event during replay (for example to learn an activity's scheduled event id).
 */
record PendingCommand(Command command, Consumer<HistoryEvent> onRecorded) {}

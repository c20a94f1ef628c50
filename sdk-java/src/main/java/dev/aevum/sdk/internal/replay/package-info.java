/**
 * The workflow runtime: {@link WorkflowExecutionRunner} replays one execution's history against
 * workflow code and produces the commands of the current workflow task, with {@link CommandMatcher}
 * naming any difference from the recorded commands. Workflow threads run one at a time in creation
 * order under a {@link DeterministicScheduler}, so a replay makes the same calls as the original
 * run. It implements the {@code dev.aevum.sdk.workflow} API and is driven by {@code
 * internal.worker}; implementation only, with no compatibility promise.
 */
package dev.aevum.sdk.internal.replay;

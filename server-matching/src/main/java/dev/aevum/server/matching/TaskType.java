package dev.aevum.server.matching;

/** The two kinds of task queue; the numbers are temporal.api.enums.v1.TaskQueueType's. */
enum TaskType {
  WORKFLOW(1),
  ACTIVITY(2);

  private final int number;

  TaskType(int number) {
    this.number = number;
  }

  int number() {
    return number;
  }
}

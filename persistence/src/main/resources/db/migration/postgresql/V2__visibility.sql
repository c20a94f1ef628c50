-- Visibility: one row per run for List/CountWorkflowExecutions, written in the same transaction
-- as the run, so a listing never misses an acknowledged start or close.
CREATE TABLE visibility (
  namespace_id      TEXT NOT NULL,
  run_id            TEXT NOT NULL,
  workflow_id       TEXT NOT NULL,
  workflow_type     TEXT NOT NULL,
  task_queue        TEXT NOT NULL,
  status            INTEGER NOT NULL,
  start_time_ms     BIGINT NOT NULL,
  execution_time_ms BIGINT NOT NULL,
  -- NULL while the run is open.
  close_time_ms     BIGINT,
  history_length    BIGINT NOT NULL,
  -- temporal.api.workflow.v1.WorkflowExecutionInfo, returned as it is.
  info              BYTEA NOT NULL,
  PRIMARY KEY (namespace_id, run_id)
);

CREATE INDEX visibility_by_start ON visibility (namespace_id, start_time_ms DESC, run_id DESC);
CREATE INDEX visibility_by_workflow_id ON visibility (namespace_id, workflow_id);
CREATE INDEX visibility_by_type ON visibility (namespace_id, workflow_type, start_time_ms DESC);

-- Custom search attributes of a run, one row per value (a KeywordList has several). Keyword and
-- Text values are in text_value; Int, Double, Bool (0/1) and Datetime (epoch ms) in number_value.
CREATE TABLE visibility_attributes (
  namespace_id TEXT NOT NULL,
  run_id       TEXT NOT NULL,
  name         TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  text_value   TEXT,
  number_value DOUBLE PRECISION,
  PRIMARY KEY (namespace_id, run_id, name, seq)
);

CREATE INDEX visibility_attributes_text ON visibility_attributes (namespace_id, name, text_value);
CREATE INDEX visibility_attributes_number ON visibility_attributes (namespace_id, name, number_value);

-- Aevum schema, PostgreSQL. Rows are key-value-like: a few columns for lookups and checks,
-- the rest is an opaque protobuf blob owned by the server.

CREATE TABLE cluster_metadata (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE namespaces (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL UNIQUE,
  data                 BYTEA NOT NULL,
  notification_version BIGINT NOT NULL
);

CREATE TABLE shards (
  shard_id INTEGER PRIMARY KEY,
  range_id BIGINT NOT NULL
);

CREATE TABLE executions (
  shard_id      INTEGER NOT NULL,
  namespace_id  TEXT NOT NULL,
  workflow_id   TEXT NOT NULL,
  run_id        TEXT NOT NULL,
  next_event_id BIGINT NOT NULL,
  db_version    BIGINT NOT NULL,
  state         INTEGER NOT NULL,
  status        INTEGER NOT NULL,
  data          BYTEA NOT NULL,
  PRIMARY KEY (shard_id, namespace_id, workflow_id, run_id)
);

CREATE TABLE current_executions (
  shard_id          INTEGER NOT NULL,
  namespace_id      TEXT NOT NULL,
  workflow_id       TEXT NOT NULL,
  run_id            TEXT NOT NULL,
  create_request_id TEXT NOT NULL,
  state             INTEGER NOT NULL,
  status            INTEGER NOT NULL,
  start_time_ms     BIGINT NOT NULL,
  PRIMARY KEY (shard_id, namespace_id, workflow_id)
);

CREATE TABLE history_node (
  shard_id       INTEGER NOT NULL,
  namespace_id   TEXT NOT NULL,
  workflow_id    TEXT NOT NULL,
  run_id         TEXT NOT NULL,
  first_event_id BIGINT NOT NULL,
  last_event_id  BIGINT NOT NULL,
  data           BYTEA NOT NULL,
  PRIMARY KEY (shard_id, namespace_id, workflow_id, run_id, first_event_id)
);

-- Outbox of a history shard; category 1 = transfer, 2 = timer.
CREATE TABLE history_tasks (
  shard_id     INTEGER NOT NULL,
  category     INTEGER NOT NULL,
  task_id      BIGINT NOT NULL,
  fire_time_ms BIGINT NOT NULL,
  data         BYTEA NOT NULL,
  PRIMARY KEY (shard_id, category, task_id)
);

CREATE TABLE task_queues (
  namespace_id TEXT NOT NULL,
  name         TEXT NOT NULL,
  task_type    INTEGER NOT NULL,
  range_id     BIGINT NOT NULL,
  PRIMARY KEY (namespace_id, name, task_type)
);

CREATE TABLE task_queue_backlog (
  namespace_id   TEXT NOT NULL,
  name           TEXT NOT NULL,
  task_type      INTEGER NOT NULL,
  task_id        BIGINT NOT NULL,
  expiry_time_ms BIGINT NOT NULL,
  data           BYTEA NOT NULL,
  PRIMARY KEY (namespace_id, name, task_type, task_id)
);

#include "src/store/migrations.h"

#include <string>
#include <vector>

#include "src/store/sqlite_db.h"

namespace ebm {
namespace {

// Index i holds the SQL that takes the schema from version i to i + 1.
const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> migrations = {
      // 1: the first schema.
      R"sql(
CREATE TABLE environments (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL UNIQUE,
  machine_fingerprint TEXT NOT NULL,
  hostname TEXT NOT NULL,
  cpu_model TEXT NOT NULL,
  cpu_cores INTEGER NOT NULL,
  memory_bytes INTEGER NOT NULL,
  git_commit TEXT NOT NULL,
  git_dirty INTEGER NOT NULL,
  compiler TEXT NOT NULL,
  build_flags TEXT NOT NULL,
  torch_version TEXT NOT NULL,
  blas TEXT NOT NULL,
  threads INTEGER NOT NULL,
  thread_env TEXT NOT NULL,
  device TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE suites (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (name, content_hash)
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  suite_id INTEGER REFERENCES suites(id),
  environment_id INTEGER NOT NULL REFERENCES environments(id),
  task TEXT NOT NULL,
  method TEXT NOT NULL,
  label TEXT NOT NULL,
  seed INTEGER NOT NULL,
  config_json TEXT NOT NULL,
  config_hash TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN
      ('running', 'finished', 'failed', 'diverged', 'interrupted')),
  error_category TEXT,
  error_text TEXT,
  steps_planned INTEGER NOT NULL,
  steps_done INTEGER NOT NULL DEFAULT 0,
  checkpoint_step INTEGER NOT NULL DEFAULT 0,
  wall_seconds REAL NOT NULL DEFAULT 0,
  owner_host TEXT,
  owner_pid INTEGER,
  attempts INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at TEXT
);
CREATE INDEX runs_by_suite ON runs (suite_id);
CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  name TEXT NOT NULL,
  value REAL,
  PRIMARY KEY (run_id, step, name)
) WITHOUT ROWID;
CREATE TABLE final_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value REAL,
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE TABLE step_timings (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  phase TEXT NOT NULL CHECK (phase IN ('data', 'step', 'eval', 'other')),
  seconds REAL NOT NULL,
  PRIMARY KEY (run_id, step, phase)
) WITHOUT ROWID;
CREATE TABLE timing_summaries (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  phase TEXT NOT NULL,
  count INTEGER NOT NULL,
  total REAL NOT NULL,
  mean REAL NOT NULL,
  stddev REAL NOT NULL,
  min REAL NOT NULL,
  p50 REAL NOT NULL,
  p90 REAL NOT NULL,
  p99 REAL NOT NULL,
  max REAL NOT NULL,
  PRIMARY KEY (run_id, phase)
) WITHOUT ROWID;
CREATE TABLE artifacts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  step INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (run_id, kind, path)
);
)sql",
      // 2: a run belongs to every suite that lists its configuration, not
      // only to the one that created it (runs.suite_id).
      R"sql(
CREATE TABLE suite_runs (
  suite_id INTEGER NOT NULL REFERENCES suites(id),
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (suite_id, run_id)
) WITHOUT ROWID;
INSERT INTO suite_runs (suite_id, run_id, position)
  SELECT suite_id, id, id FROM runs WHERE suite_id IS NOT NULL;
)sql",
      // 3: status 'collapsed' (finite numbers, a task's collapse rule met).
      // SQLite cannot change a CHECK constraint in place: the table is
      // rebuilt as its documentation prescribes (foreign keys off, see
      // MigrateTo), keeping every row and id.
      R"sql(
CREATE TABLE runs_v3 (
  id INTEGER PRIMARY KEY,
  suite_id INTEGER REFERENCES suites(id),
  environment_id INTEGER NOT NULL REFERENCES environments(id),
  task TEXT NOT NULL,
  method TEXT NOT NULL,
  label TEXT NOT NULL,
  seed INTEGER NOT NULL,
  config_json TEXT NOT NULL,
  config_hash TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN
      ('running', 'finished', 'failed', 'diverged', 'collapsed', 'interrupted')),
  error_category TEXT,
  error_text TEXT,
  steps_planned INTEGER NOT NULL,
  steps_done INTEGER NOT NULL DEFAULT 0,
  checkpoint_step INTEGER NOT NULL DEFAULT 0,
  wall_seconds REAL NOT NULL DEFAULT 0,
  owner_host TEXT,
  owner_pid INTEGER,
  attempts INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at TEXT
);
INSERT INTO runs_v3 SELECT * FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v3 RENAME TO runs;
CREATE INDEX runs_by_suite ON runs (suite_id);
)sql",
  };
  return migrations;
}

int UserVersion(SqliteDb& db) {
  Statement query(db, "PRAGMA user_version");
  return query.Step() ? static_cast<int>(query.Int(0)) : 0;
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

void MigrateToLatest(SqliteDb& db) { MigrateTo(db, LatestSchemaVersion()); }

void MigrateTo(SqliteDb& db, int target) {
  if (UserVersion(db) >= target && UserVersion(db) <= LatestSchemaVersion()) return;
  // A migration that rebuilds a table drops the old one: with foreign keys
  // on, that would delete every row referring to it (ON DELETE CASCADE).
  // The pragma has no effect inside a transaction, so it is set around it,
  // and the keys are checked before committing.
  db.Exec("PRAGMA foreign_keys=OFF");
  struct KeysBackOn {
    SqliteDb& db;
    ~KeysBackOn() {
      try {
        db.Exec("PRAGMA foreign_keys=ON");
      } catch (...) {
      }
    }
  } keys_back_on{db};
  Transaction transaction(db);
  int version = UserVersion(db);  // re-read under the write lock
  if (version > LatestSchemaVersion()) {
    throw StoreError("results database '" + db.path() + "' has schema version " +
                     std::to_string(version) + ", newer than this ebmbench (" +
                     std::to_string(LatestSchemaVersion()) +
                     "): use a newer build to read it");
  }
  for (; version < target; ++version) {
    db.Exec(Migrations()[version]);
    db.Exec("PRAGMA user_version = " + std::to_string(version + 1));
  }
  Statement broken(db, "PRAGMA foreign_key_check");
  if (broken.Step())
    throw StoreError("results database '" + db.path() + "': a migration left a row of table '" +
                     broken.Text(0) + "' without the row it refers to");
  transaction.Commit();
}

}  // namespace ebm

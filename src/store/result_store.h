// The record store: everything a suite measures goes through here into one
// SQLite file. Each method is one transaction, so a process killed at any
// point leaves the database as it was before or after a whole logical write.
// Several processes may use one file at once (WAL, busy timeout, claims).
#ifndef EBMBENCH_STORE_RESULT_STORE_H_
#define EBMBENCH_STORE_RESULT_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/core/environment.h"
#include "src/core/summary_stats.h"
#include "src/store/sqlite_db.h"

namespace ebm {

// kCollapsed: every number stayed finite but a task's collapse rule was met
// (see TaskDescription::collapse_rules); a result, like kDiverged.
enum class RunStatus { kRunning, kFinished, kFailed, kDiverged, kCollapsed, kInterrupted };

const char* RunStatusName(RunStatus status);
std::optional<RunStatus> ParseRunStatus(const std::string& name);

// What identifies a run before it exists.
struct RunIdentity {
  std::string task;
  std::string method;
  std::string label;        // the suite's name for the method entry
  int64_t seed = 0;
  std::string config_json;  // the full resolved configuration
  std::string config_hash;
  int64_t steps_planned = 0;
};

struct RunRecord {
  int64_t id = 0;
  int64_t suite_id = 0;
  int64_t environment_id = 0;
  RunIdentity identity;
  RunStatus status = RunStatus::kRunning;
  std::string error_category;
  std::string error_text;
  int64_t steps_done = 0;
  int64_t checkpoint_step = 0;
  double wall_seconds = 0;
  std::string owner_host;
  int64_t owner_pid = 0;
  int64_t attempts = 0;
  std::string created_at;
  std::string updated_at;
};

struct MetricRecord {
  int64_t step;
  std::string name;
  double value;
};

struct TimingRecord {
  int64_t step;
  std::string phase;  // data, step, eval or other
  double seconds;
};

// What ClaimRun decided for a run identity.
struct RunClaim {
  enum Kind {
    kStartNew,      // no run had this configuration: one was created
    kResume,        // an interrupted (or orphaned) run: now ours to resume
    kRetry,         // a failed run, retried from its last checkpoint
    kAlreadyEnded,  // finished or diverged: nothing to do
    kBusy,          // another live process is running it
  };
  Kind kind;
  RunRecord run;
};

struct RunFilter {
  std::optional<std::string> suite;  // runs listed by a suite of this name
  std::optional<std::string> status;
  std::optional<std::string> task;
  std::optional<std::string> method;
};

class ResultStore {
 public:
  enum class Access { kWrite, kRead };
  // kWrite opens or creates the database at `path` and migrates it. kRead
  // (list, show, report, check, select) opens an existing ebmbench database
  // without writing to it (an older schema is migrated first, as kWrite
  // would) and refuses a file that is not one (another program's SQLite
  // file, an empty file, a nonsense schema version). Throws StoreError with
  // the path and the reason.
  explicit ResultStore(const std::string& path, Access access = Access::kWrite);

  const std::string& path() const { return db_.path(); }
  int SchemaVersion();

  int64_t RecordEnvironment(const Environment& env);
  int64_t RecordSuite(const std::string& name, const std::string& path,
                      const std::string& content);

  // Atomically finds or creates the run with this configuration, records
  // it as the suite's run at `position` (when suite_id is not 0) and, where
  // it is to be run, marks it running and owned by (host, pid). A run left
  // "running" counts as interrupted when its owner is a process of this
  // host that no longer exists, when it has recorded nothing for
  // `lease_seconds` (its owner is presumed dead, on any host: a running
  // run records at least every minute), or with `take_over`. Failed runs
  // are retried only when `retry_failed`.
  RunClaim ClaimRun(const RunIdentity& identity, int64_t suite_id,
                    int64_t environment_id, const std::string& host,
                    int64_t pid, bool retry_failed, int64_t position = 0,
                    bool take_over = false, int64_t lease_seconds = kDefaultLeaseSeconds);

  // How long a running run may record nothing before another process may
  // take it over.
  static constexpr int64_t kDefaultLeaseSeconds = 30 * 60;

  // Deletes every metric and timing of `run_id` recorded after `step`, so a
  // run resumed from the checkpoint at `step` never duplicates a step.
  void TruncateAfter(int64_t run_id, int64_t step);

  // One transaction: appends metrics and timings, advances steps_done,
  // adds `wall_delta` seconds, and (when given) moves the checkpoint step.
  void AppendProgress(int64_t run_id, const std::vector<MetricRecord>& metrics,
                      const std::vector<TimingRecord>& timings,
                      int64_t steps_done, double wall_delta,
                      std::optional<int64_t> checkpoint_step);

  // One transaction: final status, error text and category, final metrics,
  // and the per-phase timing summaries computed from the step timings.
  void EndRun(int64_t run_id, RunStatus status,
              const std::map<std::string, double>& final_metrics,
              const std::string& error_category = "",
              const std::string& error_text = "");

  void RecordArtifact(int64_t run_id, const std::string& kind,
                      const std::string& path, const std::string& content_hash,
                      int64_t bytes, int64_t step);

  // Queries.
  std::vector<RunRecord> ListRuns(const RunFilter& filter = {});
  std::optional<RunRecord> GetRun(int64_t run_id);
  std::vector<MetricRecord> Metrics(int64_t run_id);
  std::map<std::string, double> FinalMetrics(int64_t run_id);
  std::map<std::string, SummaryStats> TimingSummaries(int64_t run_id);
  std::vector<TimingRecord> StepTimings(int64_t run_id);
  std::vector<std::pair<std::string, std::string>> EnvironmentFields(
      int64_t environment_id);
  struct ArtifactRecord {
    std::string kind, path, content_hash;
    int64_t bytes, step;
  };
  std::vector<ArtifactRecord> Artifacts(int64_t run_id);
  struct SuiteRecord {
    int64_t id;
    std::string name, path, created_at;
  };
  std::vector<SuiteRecord> ListSuites();

 private:
  std::optional<RunRecord> FindRunByHash(const std::string& config_hash);
  RunRecord ReadRun(Statement& query);

  SqliteDb db_;
};

}  // namespace ebm

#endif  // EBMBENCH_STORE_RESULT_STORE_H_

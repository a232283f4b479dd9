#include "src/store/result_store.h"

#include <signal.h>

#include <cerrno>
#include <cmath>

#include "src/core/hash.h"
#include "src/store/migrations.h"

namespace ebm {
namespace {

constexpr const char* kRunColumns =
    "id, COALESCE(suite_id, 0), environment_id, task, method, label, seed, "
    "config_json, config_hash, steps_planned, status, "
    "COALESCE(error_category, ''), COALESCE(error_text, ''), steps_done, "
    "checkpoint_step, wall_seconds, COALESCE(owner_host, ''), "
    "COALESCE(owner_pid, 0), attempts, created_at, updated_at";

bool ProcessAlive(int64_t pid) {
  if (pid <= 0) return false;
  return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kRunning: return "running";
    case RunStatus::kFinished: return "finished";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kDiverged: return "diverged";
    case RunStatus::kCollapsed: return "collapsed";
    case RunStatus::kInterrupted: return "interrupted";
  }
  return "?";
}

std::optional<RunStatus> ParseRunStatus(const std::string& name) {
  for (RunStatus s : {RunStatus::kRunning, RunStatus::kFinished,
                      RunStatus::kFailed, RunStatus::kDiverged,
                      RunStatus::kCollapsed, RunStatus::kInterrupted}) {
    if (name == RunStatusName(s)) return s;
  }
  return std::nullopt;
}

namespace {

// How a reader opens `path`: read-only when its schema is current, read-write
// when it needs migrating; throws for a file that is not an ebmbench database.
SqliteDb::Mode ReaderMode(const std::string& path) {
  SqliteDb probe(path, 60000, SqliteDb::Mode::kReadOnly);
  int64_t version = 0, tables = 0;
  {
    Statement query(probe, "PRAGMA user_version");
    if (query.Step()) version = query.Int(0);
  }
  {
    Statement query(probe, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'");
    if (query.Step()) tables = query.Int(0);
  }
  if (version <= 0 || tables == 0)
    throw StoreError("'" + path + "' is not an ebmbench results database (schema version " +
                     std::to_string(version) + (tables ? "" : ", no runs table") +
                     "); nothing was changed in it");
  if (version > LatestSchemaVersion())
    throw StoreError("results database '" + path + "' has schema version " +
                     std::to_string(version) + ", newer than this ebmbench (" +
                     std::to_string(LatestSchemaVersion()) + "): use a newer build to read it");
  return version < LatestSchemaVersion() ? SqliteDb::Mode::kReadWrite
                                         : SqliteDb::Mode::kReadOnly;
}

}  // namespace

ResultStore::ResultStore(const std::string& path, Access access)
    : db_(path, 60000,
          access == Access::kRead ? ReaderMode(path) : SqliteDb::Mode::kReadWrite) {
  if (access == Access::kWrite || SchemaVersion() < LatestSchemaVersion()) MigrateToLatest(db_);
}

int ResultStore::SchemaVersion() {
  Statement query(db_, "PRAGMA user_version");
  return query.Step() ? static_cast<int>(query.Int(0)) : 0;
}

int64_t ResultStore::RecordEnvironment(const Environment& env) {
  Transaction transaction(db_);
  Statement insert(db_,
                   "INSERT OR IGNORE INTO environments (fingerprint, "
                   "machine_fingerprint, hostname, cpu_model, cpu_cores, "
                   "memory_bytes, git_commit, git_dirty, compiler, build_flags, "
                   "torch_version, blas, threads, thread_env, device) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert
      .Bind(env.Fingerprint(), env.MachineFingerprint(), env.hostname,
            env.cpu_model, env.cpu_cores, env.memory_bytes, env.git_commit,
            static_cast<int64_t>(env.git_dirty), env.compiler, env.build_flags,
            env.torch_version, env.blas, env.threads, env.thread_env,
            env.device)
      .Run();
  Statement query(db_, "SELECT id FROM environments WHERE fingerprint = ?");
  query.Bind(env.Fingerprint());
  query.Step();
  int64_t id = query.Int(0);
  transaction.Commit();
  return id;
}

int64_t ResultStore::RecordSuite(const std::string& name,
                                 const std::string& path,
                                 const std::string& content) {
  Transaction transaction(db_);
  std::string hash = HashHex(content);
  Statement insert(db_,
                   "INSERT OR IGNORE INTO suites (name, path, content_hash, "
                   "content) VALUES (?, ?, ?, ?)");
  insert.Bind(name, path, hash, content).Run();
  Statement query(db_,
                  "SELECT id FROM suites WHERE name = ? AND content_hash = ?");
  query.Bind(name, hash);
  query.Step();
  int64_t id = query.Int(0);
  transaction.Commit();
  return id;
}

RunRecord ResultStore::ReadRun(Statement& q) {
  RunRecord r;
  r.id = q.Int(0);
  r.suite_id = q.Int(1);
  r.environment_id = q.Int(2);
  r.identity.task = q.Text(3);
  r.identity.method = q.Text(4);
  r.identity.label = q.Text(5);
  r.identity.seed = q.Int(6);
  r.identity.config_json = q.Text(7);
  r.identity.config_hash = q.Text(8);
  r.identity.steps_planned = q.Int(9);
  r.status = ParseRunStatus(q.Text(10)).value_or(RunStatus::kFailed);
  r.error_category = q.Text(11);
  r.error_text = q.Text(12);
  r.steps_done = q.Int(13);
  r.checkpoint_step = q.Int(14);
  r.wall_seconds = q.Double(15);
  r.owner_host = q.Text(16);
  r.owner_pid = q.Int(17);
  r.attempts = q.Int(18);
  r.created_at = q.Text(19);
  r.updated_at = q.Text(20);
  return r;
}

std::optional<RunRecord> ResultStore::FindRunByHash(const std::string& hash) {
  Statement query(db_, (std::string("SELECT ") + kRunColumns +
                        " FROM runs WHERE config_hash = ?")
                           .c_str());
  query.Bind(hash);
  if (!query.Step()) return std::nullopt;
  return ReadRun(query);
}

RunClaim ResultStore::ClaimRun(const RunIdentity& identity, int64_t suite_id,
                               int64_t environment_id, const std::string& host,
                               int64_t pid, bool retry_failed, int64_t position,
                               bool take_over, int64_t lease_seconds) {
  Transaction transaction(db_);
  std::optional<RunRecord> existing = FindRunByHash(identity.config_hash);
  RunClaim claim{RunClaim::kStartNew, {}};
  if (!existing) {
    Statement insert(db_,
                     "INSERT INTO runs (suite_id, environment_id, task, method, "
                     "label, seed, config_json, config_hash, status, "
                     "steps_planned, owner_host, owner_pid) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)");
    insert.Bind(suite_id == 0 ? std::nullopt : std::optional<int64_t>(suite_id),
                environment_id, identity.task, identity.method, identity.label,
                identity.seed, identity.config_json, identity.config_hash,
                identity.steps_planned, host, pid);
    insert.Run();
    claim.run = *FindRunByHash(identity.config_hash);
  } else {
    claim.run = *existing;
    switch (claim.run.status) {
      case RunStatus::kFinished:
      case RunStatus::kDiverged:
      case RunStatus::kCollapsed:
        claim.kind = RunClaim::kAlreadyEnded;
        break;
      case RunStatus::kFailed:
        claim.kind = retry_failed ? RunClaim::kRetry : RunClaim::kAlreadyEnded;
        break;
      case RunStatus::kRunning: {
        // Busy while its owner lives; a dead owner's run is resumable. An
        // owner on another host (or a reused PID) is judged by its lease:
        // the time since the run last recorded anything.
        Statement silence(db_,
                          "SELECT (julianday('now') - julianday(updated_at)) * 86400.0 "
                          "FROM runs WHERE id = ?");
        silence.Bind(claim.run.id);
        const double silent_seconds = silence.Step() ? silence.Double(0) : 0.0;
        const bool expired = silent_seconds > static_cast<double>(lease_seconds);
        const bool owner_alive =
            claim.run.owner_host == host ? ProcessAlive(claim.run.owner_pid) : !expired;
        claim.kind = take_over || expired || !owner_alive ? RunClaim::kResume : RunClaim::kBusy;
        break;
      }
      case RunStatus::kInterrupted:
        claim.kind = RunClaim::kResume;
        break;
    }
    if (claim.kind == RunClaim::kResume || claim.kind == RunClaim::kRetry) {
      Statement update(db_,
                       "UPDATE runs SET status = 'running', owner_host = ?, "
                       "owner_pid = ?, environment_id = ?, attempts = attempts + 1, "
                       "error_category = NULL, error_text = NULL, "
                       "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                       "WHERE id = ?");
      update.Bind(host, pid, environment_id, claim.run.id).Run();
      claim.run = *FindRunByHash(identity.config_hash);
    }
  }
  if (suite_id != 0) {
    Statement member(db_,
                     "INSERT OR IGNORE INTO suite_runs (suite_id, run_id, position) "
                     "VALUES (?, ?, ?)");
    member.Bind(suite_id, claim.run.id, position).Run();
  }
  transaction.Commit();
  return claim;
}

void ResultStore::TruncateAfter(int64_t run_id, int64_t step) {
  Transaction transaction(db_);
  Statement metrics(db_, "DELETE FROM metrics WHERE run_id = ? AND step > ?");
  metrics.Bind(run_id, step).Run();
  Statement timings(db_,
                    "DELETE FROM step_timings WHERE run_id = ? AND step > ?");
  timings.Bind(run_id, step).Run();
  Statement finals(db_, "DELETE FROM final_metrics WHERE run_id = ?");
  finals.Bind(run_id).Run();
  Statement update(db_,
                   "UPDATE runs SET steps_done = ?, checkpoint_step = ? "
                   "WHERE id = ?");
  update.Bind(step, step, run_id).Run();
  transaction.Commit();
}

void ResultStore::AppendProgress(int64_t run_id,
                                 const std::vector<MetricRecord>& metrics,
                                 const std::vector<TimingRecord>& timings,
                                 int64_t steps_done, double wall_delta,
                                 std::optional<int64_t> checkpoint_step) {
  Transaction transaction(db_);
  Statement metric(db_,
                   "INSERT OR REPLACE INTO metrics (run_id, step, name, value) "
                   "VALUES (?, ?, ?, ?)");
  for (const MetricRecord& m : metrics) {
    metric.Bind(run_id, m.step, m.name, m.value).Run();
  }
  Statement timing(db_,
                   "INSERT OR REPLACE INTO step_timings (run_id, step, phase, "
                   "seconds) VALUES (?, ?, ?, ?)");
  for (const TimingRecord& t : timings) {
    timing.Bind(run_id, t.step, t.phase, t.seconds).Run();
  }
  Statement update(db_,
                   "UPDATE runs SET steps_done = ?, "
                   "wall_seconds = wall_seconds + ?, "
                   "checkpoint_step = COALESCE(?, checkpoint_step), "
                   "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                   "WHERE id = ?");
  update.Bind(steps_done, wall_delta, checkpoint_step, run_id);
  update.Run();
  transaction.Commit();
}


void ResultStore::EndRun(int64_t run_id, RunStatus status,
                         const std::map<std::string, double>& final_metrics,
                         const std::string& error_category,
                         const std::string& error_text) {
  Transaction transaction(db_);
  Statement clear(db_, "DELETE FROM final_metrics WHERE run_id = ?");
  clear.Bind(run_id).Run();
  Statement metric(db_,
                   "INSERT INTO final_metrics (run_id, name, value) "
                   "VALUES (?, ?, ?)");
  for (const auto& [name, value] : final_metrics) {
    metric.Bind(run_id, name, value).Run();
  }
  // Summaries are recomputed from every recorded step, across resumes.
  std::map<std::string, std::vector<double>> by_phase;
  Statement timings(db_,
                    "SELECT phase, seconds FROM step_timings WHERE run_id = ?");
  timings.Bind(run_id);
  while (timings.Step()) by_phase[timings.Text(0)].push_back(timings.Double(1));
  Statement clear_summaries(db_,
                            "DELETE FROM timing_summaries WHERE run_id = ?");
  clear_summaries.Bind(run_id).Run();
  Statement summary(db_,
                    "INSERT INTO timing_summaries (run_id, phase, count, total, "
                    "mean, stddev, min, p50, p90, p99, max) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& [phase, values] : by_phase) {
    SummaryStats s = Summarize(values);
    summary
        .Bind(run_id, phase, s.count, s.total, s.mean, s.stddev, s.min, s.p50,
              s.p90, s.p99, s.max)
        .Run();
  }
  Statement update(db_,
                   "UPDATE runs SET status = ?, error_category = NULLIF(?, ''), "
                   "error_text = NULLIF(?, ''), owner_pid = NULL, "
                   "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                   "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                   "WHERE id = ?");
  update.Bind(RunStatusName(status), error_category, error_text, run_id).Run();
  transaction.Commit();
}

void ResultStore::RecordArtifact(int64_t run_id, const std::string& kind,
                                 const std::string& path,
                                 const std::string& content_hash, int64_t bytes,
                                 int64_t step) {
  Transaction transaction(db_);
  Statement insert(db_,
                   "INSERT INTO artifacts (run_id, kind, path, content_hash, "
                   "bytes, step) VALUES (?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (run_id, kind, path) DO UPDATE SET "
                   "content_hash = excluded.content_hash, "
                   "bytes = excluded.bytes, step = excluded.step");
  insert.Bind(run_id, kind, path, content_hash, bytes, step).Run();
  transaction.Commit();
}

std::vector<RunRecord> ResultStore::ListRuns(const RunFilter& filter) {
  // Each filter is either NULL (ignored) or compared as a bound value.
  Statement query(db_, (std::string("SELECT ") + kRunColumns +
                        " FROM runs WHERE (?1 IS NULL OR id IN ("
                        "  SELECT run_id FROM suite_runs JOIN suites "
                        "  ON suites.id = suite_runs.suite_id WHERE suites.name = ?1)) "
                        "AND (?2 IS NULL OR status = ?2) "
                        "AND (?3 IS NULL OR task = ?3) "
                        "AND (?4 IS NULL OR method = ?4 OR label = ?4) "
                        "ORDER BY id")
                           .c_str());
  const std::optional<std::string>* filters[] = {&filter.suite, &filter.status,
                                                 &filter.task, &filter.method};
  for (int i = 0; i < 4; ++i) {
    if (*filters[i]) {
      query.BindText(i + 1, **filters[i]);
    } else {
      query.BindNull(i + 1);
    }
  }
  std::vector<RunRecord> runs;
  while (query.Step()) runs.push_back(ReadRun(query));
  return runs;
}

std::optional<RunRecord> ResultStore::GetRun(int64_t run_id) {
  Statement query(db_, (std::string("SELECT ") + kRunColumns +
                        " FROM runs WHERE id = ?")
                           .c_str());
  query.Bind(run_id);
  if (!query.Step()) return std::nullopt;
  return ReadRun(query);
}

std::vector<MetricRecord> ResultStore::Metrics(int64_t run_id) {
  Statement query(db_,
                  "SELECT step, name, value FROM metrics WHERE run_id = ? "
                  "ORDER BY step, name");
  query.Bind(run_id);
  std::vector<MetricRecord> metrics;
  while (query.Step()) {
    double value = query.IsNull(2) ? std::nan("") : query.Double(2);
    metrics.push_back({query.Int(0), query.Text(1), value});
  }
  return metrics;
}

std::map<std::string, double> ResultStore::FinalMetrics(int64_t run_id) {
  Statement query(db_,
                  "SELECT name, value FROM final_metrics WHERE run_id = ?");
  query.Bind(run_id);
  std::map<std::string, double> metrics;
  while (query.Step()) {
    metrics[query.Text(0)] = query.IsNull(1) ? std::nan("") : query.Double(1);
  }
  return metrics;
}

std::map<std::string, SummaryStats> ResultStore::TimingSummaries(
    int64_t run_id) {
  Statement query(db_,
                  "SELECT phase, count, total, mean, stddev, min, p50, p90, "
                  "p99, max FROM timing_summaries WHERE run_id = ?");
  query.Bind(run_id);
  std::map<std::string, SummaryStats> summaries;
  while (query.Step()) {
    SummaryStats s;
    s.count = query.Int(1);
    s.total = query.Double(2);
    s.mean = query.Double(3);
    s.stddev = query.Double(4);
    s.min = query.Double(5);
    s.p50 = query.Double(6);
    s.p90 = query.Double(7);
    s.p99 = query.Double(8);
    s.max = query.Double(9);
    summaries[query.Text(0)] = s;
  }
  return summaries;
}

std::vector<TimingRecord> ResultStore::StepTimings(int64_t run_id) {
  Statement query(db_,
                  "SELECT step, phase, seconds FROM step_timings "
                  "WHERE run_id = ? ORDER BY step, phase");
  query.Bind(run_id);
  std::vector<TimingRecord> timings;
  while (query.Step()) {
    timings.push_back({query.Int(0), query.Text(1), query.Double(2)});
  }
  return timings;
}

std::vector<std::pair<std::string, std::string>> ResultStore::EnvironmentFields(
    int64_t environment_id) {
  Statement query(db_,
                  "SELECT hostname, cpu_model, cpu_cores, memory_bytes, "
                  "git_commit, git_dirty, compiler, build_flags, torch_version, "
                  "blas, threads, thread_env, device, machine_fingerprint "
                  "FROM environments WHERE id = ?");
  query.Bind(environment_id);
  if (!query.Step()) return {};
  const char* names[] = {"hostname",  "cpu_model",     "cpu_cores",
                         "memory_bytes", "git_commit", "git_dirty",
                         "compiler",  "build_flags",   "torch_version",
                         "blas",      "threads",       "thread_env",
                         "device",    "machine_fingerprint"};
  std::vector<std::pair<std::string, std::string>> fields;
  for (int i = 0; i < 14; ++i) fields.emplace_back(names[i], query.Text(i));
  return fields;
}

std::vector<ResultStore::ArtifactRecord> ResultStore::Artifacts(int64_t run_id) {
  Statement query(db_,
                  "SELECT kind, path, content_hash, bytes, step FROM artifacts "
                  "WHERE run_id = ? ORDER BY id");
  query.Bind(run_id);
  std::vector<ArtifactRecord> artifacts;
  while (query.Step()) {
    artifacts.push_back({query.Text(0), query.Text(1), query.Text(2),
                         query.Int(3), query.Int(4)});
  }
  return artifacts;
}

std::vector<ResultStore::SuiteRecord> ResultStore::ListSuites() {
  Statement query(db_,
                  "SELECT id, name, path, created_at FROM suites ORDER BY id");
  std::vector<SuiteRecord> suites;
  while (query.Step()) {
    suites.push_back({query.Int(0), query.Text(1), query.Text(2),
                      query.Text(3)});
  }
  return suites;
}

}  // namespace ebm

#include "src/store/shard_merge.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <tuple>

#include "src/core/hash.h"
#include "src/store/result_store.h"

namespace ebm {
namespace fs = std::filesystem;
namespace {

// How far a record got: results (finished, diverged, collapsed) over the
// rest (running, interrupted, failed: a failed run retried elsewhere got
// further); then steps, then the later record.
std::tuple<int, int64_t, std::string> Advancement(const std::string& status, int64_t steps,
                                                  const std::string& updated_at) {
  const bool result = status == "finished" || status == "diverged" || status == "collapsed";
  return {result ? 1 : 0, steps, updated_at};
}

// A temporary file removed (with its journal files) when it goes out of scope.
// In `folder` (beside the target: a cluster's login node may have a small
// /tmp), any stale file of the same name removed first.
struct TemporaryDatabase {
  std::string path;
  explicit TemporaryDatabase(const fs::path& folder) {
    static std::atomic<int> counter{0};
    path = (folder / (".ebmbench-merge-" + std::to_string(getpid()) + "-" +
                      std::to_string(counter++) + ".sqlite"))
               .string();
    Remove();
  }
  ~TemporaryDatabase() { Remove(); }
  void Remove() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      fs::remove(path + suffix, ignored);
  }
};

// Where an artifact a shard recorded lies now: its path as recorded (absolute,
// or relative to where the run was started, usually where merge runs too),
// else the same last three parts (<db>.artifacts/run-N/file) beside the shard.
std::optional<fs::path> FindArtifact(const std::string& recorded, const std::string& shard) {
  const fs::path path(recorded);
  std::error_code error;
  if (fs::is_regular_file(path, error)) return fs::absolute(path);
  if (path.is_absolute() && !path.has_parent_path()) return std::nullopt;
  fs::path tail = path.parent_path().parent_path().filename() /
                  path.parent_path().filename() / path.filename();
  fs::path beside = fs::path(shard).parent_path() / tail;
  if (fs::is_regular_file(beside, error)) return fs::absolute(beside);
  return std::nullopt;
}

constexpr const char* kRunValues =
    "(SELECT m.id FROM main.suites m JOIN shard.suites s ON m.name = s.name AND "
    "m.content_hash = s.content_hash WHERE s.id = r.suite_id), "
    "(SELECT m.id FROM main.environments m JOIN shard.environments s ON "
    "m.fingerprint = s.fingerprint WHERE s.id = r.environment_id), "
    // A run a shard was still training is resumable from the merged
    // database, by any process: interrupted, as after a clean stop.
    "task, method, label, seed, config_json, config_hash, "
    "CASE WHEN r.status = 'running' THEN 'interrupted' ELSE r.status END, error_category, "
    "error_text, steps_planned, steps_done, checkpoint_step, wall_seconds, owner_host, "
    "owner_pid, attempts, created_at, updated_at, finished_at";
constexpr const char* kRunColumns =
    "suite_id, environment_id, task, method, label, seed, config_json, config_hash, "
    "status, error_category, error_text, steps_planned, steps_done, checkpoint_step, "
    "wall_seconds, owner_host, owner_pid, attempts, created_at, updated_at, finished_at";

// The target created or brought to the current schema, before the merger's
// own connection opens it.
const std::string& CreatedOrMigrated(const std::string& path) {
  ResultStore store(path, ResultStore::Access::kWrite);
  return path;
}

}  // namespace

ShardMerger::ShardMerger(const std::string& into, ShardMergeOptions options)
    : db_(CreatedOrMigrated(into)), options_(std::move(options)) {}

ShardMergeReport ShardMerger::Merge(const std::string& shard) {
  ShardMergeReport report;
  report.shard = shard;
  try {
    if (!fs::is_regular_file(shard)) throw StoreError("no such file");
    if (fs::exists(db_.path()) && fs::equivalent(shard, db_.path()))
      throw StoreError("it is the database merged into");
    TemporaryDatabase snapshot(fs::absolute(db_.path()).parent_path());
    {
      SqliteDb source(shard, 60000, SqliteDb::Mode::kReadOnly);
      source.SnapshotTo(snapshot.path);
    }
    // Refuses a file that is not an ebmbench database; migrates an older
    // schema (in the snapshot: the shard itself is never written).
    { ResultStore check(snapshot.path, ResultStore::Access::kRead); }
    Statement attach(db_, "ATTACH DATABASE ? AS shard");
    attach.Bind(snapshot.path).Run();
    struct Detach {
      SqliteDb& db;
      ~Detach() {
        try {
          db.Exec("DETACH DATABASE shard");
        } catch (...) {
        }
      }
    } detach{db_};
    MergeSnapshot(shard, report);
    // Committed: the copied files take their places.
    for (const auto& [staged, final_path] : staged_files_) fs::rename(staged, final_path);
    staged_files_.clear();
  } catch (const std::exception& e) {
    std::error_code ignored;
    for (const auto& staged : staged_files_) fs::remove(staged.first, ignored);
    staged_files_.clear();
    report = ShardMergeReport{};
    report.shard = shard;
    report.error = e.what();
  }
  return report;
}

void ShardMerger::MergeSnapshot(const std::string& shard, ShardMergeReport& report) {
  Transaction transaction(db_);
  db_.Exec(
      "INSERT OR IGNORE INTO main.environments (fingerprint, machine_fingerprint, hostname, "
      "cpu_model, cpu_cores, memory_bytes, git_commit, git_dirty, compiler, build_flags, "
      "torch_version, blas, threads, thread_env, device, created_at) SELECT fingerprint, "
      "machine_fingerprint, hostname, cpu_model, cpu_cores, memory_bytes, git_commit, "
      "git_dirty, compiler, build_flags, torch_version, blas, threads, thread_env, device, "
      "created_at FROM shard.environments");
  db_.Exec(
      "INSERT OR IGNORE INTO main.suites (name, path, content_hash, content, created_at) "
      "SELECT name, path, content_hash, content, created_at FROM shard.suites");

  Statement runs(db_,
                 "SELECT id, config_hash, status, steps_done, updated_at, task, label, seed "
                 "FROM shard.runs ORDER BY id");
  while (runs.Step()) {
    const int64_t shard_run = runs.Int(0);
    const std::string hash = runs.Text(1);
    const auto theirs = Advancement(runs.Text(2), runs.Int(3), runs.Text(4));
    const std::string name = runs.Text(5) + "/" + runs.Text(6) + " seed " +
                             std::to_string(runs.Int(7)) + " (config " + hash.substr(0, 12) +
                             ")";
    Statement existing(db_,
                       "SELECT id, status, steps_done, updated_at FROM main.runs "
                       "WHERE config_hash = ?");
    existing.Bind(hash);
    int64_t target_run = 0;
    if (!existing.Step()) {
      Statement insert(db_, (std::string("INSERT INTO main.runs (") + kRunColumns +
                             ") SELECT " + kRunValues + " FROM shard.runs r WHERE r.id = ?")
                                .c_str());
      insert.Bind(shard_run).Run();
      target_run = db_.LastInsertId();
      CopyRunRows(shard_run, target_run, shard, report);
      ++report.added;
    } else {
      target_run = existing.Int(0);
      const std::string before = existing.Text(1) + ", " + std::to_string(existing.Int(2)) +
                                 " steps";
      const std::string now = runs.Text(2) + ", " + std::to_string(runs.Int(3)) + " steps";
      const auto ours = Advancement(existing.Text(1), existing.Int(2), existing.Text(3));
      if (theirs == ours) {
        ++report.unchanged;
      } else if (theirs > ours) {
        Statement update(db_, (std::string("UPDATE main.runs SET (") + kRunColumns +
                               ") = (SELECT " + kRunValues +
                               " FROM shard.runs r WHERE r.id = ?) WHERE id = ?")
                                  .c_str());
        update.Bind(shard_run, target_run).Run();
        for (const char* table :
             {"metrics", "final_metrics", "step_timings", "timing_summaries", "artifacts"}) {
          Statement wipe(db_, (std::string("DELETE FROM main.") + table + " WHERE run_id = ?")
                                  .c_str());
          wipe.Bind(target_run).Run();
        }
        CopyRunRows(shard_run, target_run, shard, report);
        ++report.replaced;
        report.notes.push_back(name + ": replaced the record merged before (" + before +
                               ") by this shard's (" + now + ")");
      } else {
        ++report.kept;
        report.notes.push_back(name + ": kept the record merged before (" + before +
                               ") over this shard's (" + now + ")");
      }
    }
    Statement member(db_,
                     "INSERT OR IGNORE INTO main.suite_runs (suite_id, run_id, position) "
                     "SELECT m.id, ?, sr.position FROM shard.suite_runs sr JOIN shard.suites s "
                     "ON s.id = sr.suite_id JOIN main.suites m ON m.name = s.name AND "
                     "m.content_hash = s.content_hash WHERE sr.run_id = ?");
    member.Bind(target_run, shard_run).Run();
  }
  transaction.Commit();
}

void ShardMerger::CopyRunRows(int64_t shard_run, int64_t target_run, const std::string& shard,
                              ShardMergeReport& report) {
  const char* copies[] = {
      "INSERT INTO main.metrics (run_id, step, name, value) "
      "SELECT ?1, step, name, value FROM shard.metrics WHERE run_id = ?2",
      "INSERT INTO main.final_metrics (run_id, name, value) "
      "SELECT ?1, name, value FROM shard.final_metrics WHERE run_id = ?2",
      "INSERT INTO main.step_timings (run_id, step, phase, seconds) "
      "SELECT ?1, step, phase, seconds FROM shard.step_timings WHERE run_id = ?2",
      "INSERT INTO main.timing_summaries (run_id, phase, count, total, mean, stddev, min, "
      "p50, p90, p99, max) SELECT ?1, phase, count, total, mean, stddev, min, p50, p90, p99, "
      "max FROM shard.timing_summaries WHERE run_id = ?2",
  };
  for (const char* sql : copies) {
    Statement copy(db_, sql);
    copy.Bind(target_run, shard_run).Run();
  }
  Statement artifacts(db_,
                      "SELECT kind, path, content_hash, bytes, step, created_at "
                      "FROM shard.artifacts WHERE run_id = ? ORDER BY id");
  artifacts.Bind(shard_run);
  while (artifacts.Step()) {
    const std::string recorded = artifacts.Text(1);
    const std::string hash = artifacts.Text(2);
    std::string path = recorded;
    std::optional<fs::path> found = FindArtifact(recorded, shard);
    if (!found) {
      report.notes.push_back("run " + std::to_string(target_run) + ": artifact file '" +
                             recorded + "' not found; its record is kept as it was");
    } else if (options_.artifacts == ShardMergeOptions::Artifacts::kReference) {
      path = found->string();
    } else {
      const fs::path destination = fs::path(options_.artifacts_dir) /
                                   ("run-" + std::to_string(target_run)) / found->filename();
      fs::create_directories(destination.parent_path());
      // Staged beside its place, renamed there once the records commit: a
      // merge that fails leaves the target's files as they were.
      const std::string staged = destination.string() + ".merging";
      fs::copy_file(*found, staged, fs::copy_options::overwrite_existing);
      staged_files_.emplace_back(staged, destination.string());
      path = destination.string();
      ++report.artifacts_copied;
      if (HashFileHex(staged) != hash)
        report.notes.push_back("run " + std::to_string(target_run) + ": artifact '" +
                               found->string() +
                               "' differs from the content its record names (changed "
                               "after it was recorded?)");
    }
    Statement insert(db_,
                     "INSERT OR REPLACE INTO main.artifacts (run_id, kind, path, content_hash, "
                     "bytes, step, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.Bind(target_run, artifacts.Text(0), path, hash, artifacts.Int(3), artifacts.Int(4),
                artifacts.Text(5))
        .Run();
  }
}

}  // namespace ebm

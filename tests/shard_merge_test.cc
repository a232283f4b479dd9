// Uniting shards (src/store/shard_merge): no loss, no duplicate, the more
// advanced record of a run present twice, idempotence, an older schema, a
// damaged shard, and artifacts copied where the runner keeps them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "src/core/hash.h"
#include "src/store/migrations.h"
#include "src/store/result_store.h"
#include "src/store/shard_merge.h"
#include "src/store/sqlite_db.h"

namespace ebm {
namespace {
namespace fs = std::filesystem;

std::string TempDir(const std::string& name) {
  std::string dir = testing::TempDir() + "/shard_merge_test_" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Environment FakeEnvironment(const std::string& host) {
  Environment env;
  env.hostname = host;
  env.cpu_model = "test cpu";
  env.cpu_cores = 2;
  env.git_commit = "abc";
  env.device = "cpu";
  return env;
}

RunIdentity Identity(const std::string& hash, int64_t seed = 0) {
  return {"toy2d", "pcd", "pcd", seed, "{\"x\":\"" + hash + "\"}", hash, 300};
}

// Writes into `path` a run `hash` trained to `steps` (one metric per step,
// value = step + offset), ended with `status` unless it is kRunning, with a
// checkpoint file under `artifacts`.
void WriteRun(const std::string& path, const std::string& hash, int64_t steps, RunStatus status,
              double offset = 0, const std::string& host = "node-a") {
  ResultStore store(path);
  const int64_t env = store.RecordEnvironment(FakeEnvironment(host));
  const int64_t suite = store.RecordSuite("s", "s.yaml", "suite: s\n");
  RunClaim claim = store.ClaimRun(Identity(hash), suite, env, host, 1, false, 0, true);
  for (int64_t step = 1; step <= steps; ++step)
    store.AppendProgress(claim.run.id, {{step, "test_ll", step + offset}},
                         {{step, "step", 0.001}}, step, 0.001, step);
  const fs::path run_dir = fs::path(path).parent_path() / "shard.artifacts" /
                           ("run-" + std::to_string(claim.run.id));
  fs::create_directories(run_dir);
  const std::string checkpoint = (run_dir / "checkpoint.pt").string();
  std::ofstream(checkpoint) << hash << " at " << steps;
  store.RecordArtifact(claim.run.id, "checkpoint", checkpoint, HashFileHex(checkpoint), 10,
                       steps);
  if (status != RunStatus::kRunning) store.EndRun(claim.run.id, status, {{"test_ll", steps + offset}});
}

int64_t Count(const std::string& db, const std::string& sql) {
  SqliteDb handle(db, 1000, SqliteDb::Mode::kReadOnly);
  Statement query(handle, sql.c_str());
  return query.Step() ? query.Int(0) : -1;
}

ShardMergeOptions CopyInto(const std::string& dir) {
  ShardMergeOptions options;
  options.artifacts_dir = dir + "/merged.artifacts";
  return options;
}

TEST(ShardMerge, UnitesDisjointShardsWholeAndCopiesTheirCheckpoints) {
  const std::string dir = TempDir("disjoint");
  const std::string a = dir + "/a/task-0.sqlite", b = dir + "/b/task-1.sqlite";
  fs::create_directories(dir + "/a");
  fs::create_directories(dir + "/b");
  WriteRun(a, "h1", 300, RunStatus::kFinished);
  WriteRun(b, "h2", 120, RunStatus::kDiverged, 0, "node-b");
  const std::string into = dir + "/merged.sqlite";
  ShardMerger merger(into, CopyInto(dir));
  ShardMergeReport ra = merger.Merge(a), rb = merger.Merge(b);
  EXPECT_EQ(ra.error, "");
  EXPECT_EQ(rb.error, "");
  EXPECT_EQ(ra.added + rb.added, 2);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM runs"), 2);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM metrics"), 420);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM step_timings"), 420);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM timing_summaries"), 2);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM final_metrics"), 2);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM environments"), 2);  // two hosts
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM suites"), 1);        // the same suite
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM suite_runs"), 2);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM runs WHERE status = 'diverged' AND steps_done = 120"), 1);
  // The checkpoints lie where the runner looks for them on resume.
  ResultStore merged(into, ResultStore::Access::kRead);
  for (const RunRecord& run : merged.ListRuns()) {
    auto artifacts = merged.Artifacts(run.id);
    ASSERT_EQ(artifacts.size(), 1u);
    EXPECT_EQ(artifacts[0].path,
              dir + "/merged.artifacts/run-" + std::to_string(run.id) + "/checkpoint.pt");
    EXPECT_EQ(HashFileHex(artifacts[0].path), artifacts[0].content_hash);
  }
}

TEST(ShardMerge, MergingAgainChangesNothing) {
  const std::string dir = TempDir("twice");
  const std::string a = dir + "/task-0.sqlite";
  WriteRun(a, "h1", 50, RunStatus::kFinished);
  const std::string into = dir + "/merged.sqlite";
  ShardMerger merger(into, CopyInto(dir));
  EXPECT_EQ(merger.Merge(a).added, 1);
  const std::string counts =
      "SELECT (SELECT COUNT(*) FROM runs) * 1000000 + (SELECT COUNT(*) FROM metrics) * 1000 + "
      "(SELECT COUNT(*) FROM artifacts) * 100 + (SELECT COUNT(*) FROM environments) * 10 + "
      "(SELECT COUNT(*) FROM suite_runs)";
  const int64_t before = Count(into, counts);
  ShardMergeReport again = merger.Merge(a);
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(again.added + again.replaced + again.kept, 0);
  EXPECT_TRUE(again.notes.empty());
  EXPECT_EQ(Count(into, counts), before);
}

// The same run in two shards (a task resubmitted elsewhere): the ended
// record wins over the one still running, whichever is merged first.
TEST(ShardMerge, ARunInTwoShardsKeepsItsMostAdvancedRecordAndSaysSo) {
  for (bool finished_first : {true, false}) {
    const std::string dir = TempDir(finished_first ? "overlap1" : "overlap2");
    fs::create_directories(dir + "/old");
    fs::create_directories(dir + "/new");
    const std::string partial = dir + "/old/task-0.sqlite", whole = dir + "/new/task-0.sqlite";
    WriteRun(partial, "h1", 100, RunStatus::kRunning, 1000);  // other values: distinguishable
    WriteRun(whole, "h1", 300, RunStatus::kFinished);
    WriteRun(whole, "h2", 30, RunStatus::kFinished);
    const std::string into = dir + "/merged.sqlite";
    ShardMerger merger(into, CopyInto(dir));
    ShardMergeReport first = merger.Merge(finished_first ? whole : partial);
    ShardMergeReport second = merger.Merge(finished_first ? partial : whole);
    EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM runs"), 2);
    EXPECT_EQ(Count(into, "SELECT steps_done FROM runs WHERE config_hash = 'h1'"), 300);
    EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM runs WHERE config_hash = 'h1' AND status = 'finished'"), 1);
    // Only the winner's history: 300 metrics, none of the partial's.
    EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.config_hash = 'h1'"), 300);
    EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM metrics WHERE value >= 1000"), 0);
    EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM artifacts"), 2);
    if (finished_first) {
      EXPECT_EQ(second.kept, 1);
    } else {
      EXPECT_EQ(second.replaced, 1);
    }
    ASSERT_EQ(second.notes.size(), 1u);
    EXPECT_NE(second.notes[0].find(finished_first ? "kept" : "replaced"), std::string::npos)
        << second.notes[0];
    EXPECT_EQ(first.notes.size(), 0u);
  }
}

// A shard merged while its task still trained: the run is resumable from
// the merged database by any process (not "running" on another host).
TEST(ShardMerge, ARunStillRunningInItsShardIsMergedInterrupted) {
  const std::string dir = TempDir("running");
  const std::string a = dir + "/task-0.sqlite";
  WriteRun(a, "h1", 40, RunStatus::kRunning);
  const std::string into = dir + "/merged.sqlite";
  ShardMerger merger(into, CopyInto(dir));
  EXPECT_EQ(merger.Merge(a).added, 1);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM runs WHERE status = 'interrupted' AND steps_done = 40"), 1);
  EXPECT_EQ(merger.Merge(a).unchanged, 1);  // and merging it again changes nothing
  EXPECT_FALSE(fs::exists(dir + "/merged.artifacts/run-1/checkpoint.pt.merging"));
}

TEST(ShardMerge, AShardOfAnOlderSchemaIsMergedAndLeftUnchanged) {
  const std::string dir = TempDir("old_schema");
  const std::string old_shard = dir + "/task-0.sqlite";
  {
    SqliteDb db(old_shard);
    MigrateTo(db, 2);  // before 'collapsed' existed
    db.Exec(
        "INSERT INTO environments (id, fingerprint, machine_fingerprint, hostname, cpu_model, "
        "cpu_cores, memory_bytes, git_commit, git_dirty, compiler, build_flags, torch_version, "
        "blas, threads, thread_env, device) VALUES (1, 'f', 'm', 'h', 'c', 2, 0, 'g', 0, 'gcc', "
        "'', '1.13', 'openblas', 1, '', 'cpu');"
        "INSERT INTO suites (id, name, path, content_hash, content) VALUES (1, 's', 's.yaml', "
        "'x', 'suite: s');"
        "INSERT INTO runs (id, suite_id, environment_id, task, method, label, seed, config_json, "
        "config_hash, status, steps_planned, steps_done) VALUES (1, 1, 1, 'toy2d', 'pcd', 'pcd', "
        "0, '{}', 'old', 'finished', 10, 10);"
        "INSERT INTO suite_runs VALUES (1, 1, 0);"
        "INSERT INTO metrics VALUES (1, 10, 'test_ll', -2.5);");
  }
  const std::string into = dir + "/merged.sqlite";
  ShardMerger merger(into, CopyInto(dir));
  ShardMergeReport report = merger.Merge(old_shard);
  EXPECT_EQ(report.error, "");
  EXPECT_EQ(report.added, 1);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM runs WHERE config_hash = 'old' AND status = 'finished'"), 1);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM metrics WHERE value = -2.5"), 1);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM suite_runs"), 1);
  EXPECT_EQ(Count(old_shard, "PRAGMA user_version"), 2);  // read from a migrated copy
}

TEST(ShardMerge, ADamagedShardIsNamedAndTheOthersAreStillMerged) {
  const std::string dir = TempDir("damaged");
  const std::string good = dir + "/task-1.sqlite", garbage = dir + "/task-0.sqlite",
                    truncated = dir + "/task-2.sqlite", foreign = dir + "/task-3.sqlite";
  std::ofstream(garbage) << std::string(5000, 'x');
  WriteRun(good, "h1", 20, RunStatus::kFinished);
  {
    // A real database cut short: its header promises pages it lacks.
    const std::string whole = dir + "/whole.sqlite";
    WriteRun(whole, "h9", 200, RunStatus::kFinished);
    SqliteDb(whole).Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    std::ifstream in(whole, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  SqliteDb(foreign).Exec("CREATE TABLE t (x)");
  const std::string into = dir + "/merged.sqlite";
  ShardMerger merger(into, CopyInto(dir));
  for (const std::string& bad : {garbage, truncated, foreign, dir + "/absent.sqlite"}) {
    ShardMergeReport report = merger.Merge(bad);
    EXPECT_NE(report.error, "") << bad;
    EXPECT_EQ(report.added, 0) << bad;
  }
  EXPECT_EQ(merger.Merge(good).added, 1);
  EXPECT_EQ(Count(into, "SELECT COUNT(*) FROM runs"), 1);
  SqliteDb merged(into, 1000, SqliteDb::Mode::kReadOnly);
  Statement check(merged, "PRAGMA integrity_check");
  ASSERT_TRUE(check.Step());
  EXPECT_EQ(check.Text(0), "ok");
}

TEST(ShardMerge, ReferencedArtifactsKeepTheShardsFilesByAbsolutePath) {
  const std::string dir = TempDir("reference");
  const std::string a = dir + "/task-0.sqlite";
  WriteRun(a, "h1", 10, RunStatus::kFinished);
  ShardMergeOptions options;
  options.artifacts = ShardMergeOptions::Artifacts::kReference;
  const std::string into = dir + "/merged.sqlite";
  ShardMerger merger(into, options);
  ShardMergeReport report = merger.Merge(a);
  EXPECT_EQ(report.artifacts_copied, 0);
  ResultStore merged(into, ResultStore::Access::kRead);
  auto artifacts = merged.Artifacts(merged.ListRuns()[0].id);
  ASSERT_EQ(artifacts.size(), 1u);
  EXPECT_TRUE(fs::path(artifacts[0].path).is_absolute());
  EXPECT_TRUE(fs::exists(artifacts[0].path));
  EXPECT_FALSE(fs::exists(dir + "/merged.artifacts"));
}

}  // namespace
}  // namespace ebm

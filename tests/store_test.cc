// The record store's guarantees: a writer killed mid-transaction leaves a
// consistent database, and concurrent writers lose nothing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "src/store/migrations.h"
#include "src/store/result_store.h"
#include "src/store/sqlite_db.h"

namespace ebm {
namespace {

constexpr int kMetricsPerStep = 50;

std::string TempDb(const std::string& name) {
  std::string dir = testing::TempDir() + "/store_test_" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir + "/results.sqlite";
}

Environment FakeEnvironment() {
  Environment env;
  env.hostname = "test-host";
  env.cpu_model = "test cpu";
  env.cpu_cores = 2;
  env.git_commit = "abc";
  env.device = "cpu";
  return env;
}

RunIdentity Identity(const std::string& hash) {
  return {"toy2d", "pcd", "pcd", 0, "{\"x\":\"" + hash + "\"}", hash, 1000000};
}

// Appends steps forever: each transaction writes kMetricsPerStep metrics of
// one step and sets steps_done to it.
[[noreturn]] void WriteForever(const std::string& path, const std::string& hash) {
  ResultStore store(path);
  int64_t env = store.RecordEnvironment(FakeEnvironment());
  RunClaim claim = store.ClaimRun(Identity(hash), 0, env, "test-host", getpid(), false);
  for (int64_t step = 1;; ++step) {
    std::vector<MetricRecord> metrics;
    for (int i = 0; i < kMetricsPerStep; ++i)
      metrics.push_back({step, "m" + std::to_string(i), static_cast<double>(step)});
    store.AppendProgress(claim.run.id, metrics, {{step, "step", 0.001}}, step,
                         0.001, step);
  }
}

// Runs body(0) ... body(n - 1) in n child processes, each starting at
// `start` (so that they meet), and returns how many failed: a child fails
// when the body throws, and says why on stderr.
int RunInChildren(int n, const std::function<void(int)>& body,
                  std::chrono::steady_clock::time_point start = {}) {
  std::vector<pid_t> children;
  for (int w = 0; w < n; ++w) {
    pid_t child = fork();
    if (child < 0) return n;
    if (child == 0) {
      while (std::chrono::steady_clock::now() < start) {
      }
      int code = 0;
      try {
        body(w);
      } catch (const std::exception& e) {
        fprintf(stderr, "child %d: %s\n", w, e.what());
        code = 1;
      }
      _exit(code);
    }
    children.push_back(child);
  }
  int failed = 0;
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
  }
  return failed;
}

TEST(ResultStoreTest, CreatesSchemaAtLatestVersion) {
  ResultStore store(TempDb("schema"));
  EXPECT_EQ(store.SchemaVersion(), LatestSchemaVersion());
}

TEST(ResultStoreTest, KilledWriterLeavesConsistentDatabase) {
  const std::string path = TempDb("crash");
  { ResultStore create(path); }  // schema exists before the child starts
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) WriteForever(path, "crash-run");
  // Let it write a while, then kill it in the middle of whatever it does.
  ResultStore store(path);
  for (int i = 0; i < 400; ++i) {
    auto runs = store.ListRuns();
    if (!runs.empty() && runs[0].steps_done >= 30) break;
    usleep(10000);
  }
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));

  ResultStore reopened(path);
  SqliteDb raw(path);
  Statement check(raw, "PRAGMA integrity_check");
  ASSERT_TRUE(check.Step());
  EXPECT_EQ(check.Text(0), "ok");
  std::vector<RunRecord> runs = reopened.ListRuns();
  ASSERT_EQ(runs.size(), 1u);
  const int64_t steps_done = runs[0].steps_done;
  EXPECT_GE(steps_done, 30);
  // Every committed step is whole, and nothing exists past steps_done.
  std::vector<MetricRecord> metrics = reopened.Metrics(runs[0].id);
  EXPECT_EQ(static_cast<int64_t>(metrics.size()), steps_done * kMetricsPerStep);
  for (const MetricRecord& m : metrics) {
    EXPECT_LE(m.step, steps_done);
    EXPECT_EQ(m.value, static_cast<double>(m.step));
  }
  EXPECT_EQ(static_cast<int64_t>(reopened.StepTimings(runs[0].id).size()), steps_done);
  EXPECT_EQ(runs[0].checkpoint_step, steps_done);
}

TEST(ResultStoreTest, ConcurrentWritersLoseNothing) {
  const std::string path = TempDb("concurrent");
  { ResultStore create(path); }
  constexpr int kWriters = 2, kRuns = 5, kSteps = 40;
  ASSERT_EQ(RunInChildren(kWriters, [&](int w) {
              ResultStore store(path);
              int64_t env = store.RecordEnvironment(FakeEnvironment());
              for (int r = 0; r < kRuns; ++r) {
                std::string hash = "w" + std::to_string(w) + "r" + std::to_string(r);
                RunClaim claim =
                    store.ClaimRun(Identity(hash), 0, env, "test-host", getpid(), false);
                for (int64_t step = 1; step <= kSteps; ++step) {
                  store.AppendProgress(claim.run.id, {{step, "loss", 1.0 * step}},
                                       {{step, "step", 0.01}}, step, 0.01, std::nullopt);
                }
                store.EndRun(claim.run.id, RunStatus::kFinished, {{"test_ll", -1.0 * w}});
              }
            }),
            0);
  ResultStore store(path);
  std::vector<RunRecord> runs = store.ListRuns();
  ASSERT_EQ(runs.size(), static_cast<size_t>(kWriters * kRuns));
  for (const RunRecord& run : runs) {
    EXPECT_EQ(run.status, RunStatus::kFinished);
    EXPECT_EQ(run.steps_done, kSteps);
    EXPECT_EQ(store.Metrics(run.id).size(), static_cast<size_t>(kSteps));
    EXPECT_NEAR(run.wall_seconds, 0.01 * kSteps, 1e-9);
    EXPECT_EQ(store.TimingSummaries(run.id).at("step").count, kSteps);
  }
}

// Several processes opening one brand-new file at once: each must get a
// working store (switching to WAL needs the file to itself, and SQLite does
// not wait for that by itself).
TEST(ResultStoreTest, ProcessesOpeningANewFileTogetherAllSucceed) {
  for (int round = 0; round < 10; ++round) {
    const std::string path = TempDb("first_open_" + std::to_string(round));
    // All children open at one instant, as processes started together do.
    const auto start = std::chrono::steady_clock::now() + std::chrono::milliseconds(30);
    ASSERT_EQ(RunInChildren(4, [&](int w) {
                // Open, write and close again and again, so that openings meet
                // the others' migrations and transactions at every stage.
                for (int i = 0; i < 15; ++i) {
                  ResultStore store(path);
                  int64_t env = store.RecordEnvironment(FakeEnvironment());
                  store.ClaimRun(Identity("r" + std::to_string(w) + "-" + std::to_string(i)),
                                 0, env, "h", getpid(), false);
                }
              }, start),
              0)
        << "round " << round;
    ResultStore store(path);
    EXPECT_EQ(store.ListRuns().size(), 4u * 15u);
  }
}

TEST(ResultStoreTest, ClaimSkipsEndedRunsAndResumesOrphans) {
  const std::string path = TempDb("claims");
  ResultStore store(path);
  int64_t env = store.RecordEnvironment(FakeEnvironment());
  RunClaim first = store.ClaimRun(Identity("a"), 0, env, "test-host", getpid(), false);
  EXPECT_EQ(first.kind, RunClaim::kStartNew);
  // Our own live process holds it: another claimant must wait.
  EXPECT_EQ(store.ClaimRun(Identity("a"), 0, env, "test-host", getpid(), false).kind,
            RunClaim::kBusy);
  // A dead owner's run is resumable.
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  RunClaim orphan = store.ClaimRun(Identity("b"), 0, env, "test-host", child, false);
  EXPECT_EQ(orphan.kind, RunClaim::kStartNew);
  RunClaim resumed = store.ClaimRun(Identity("b"), 0, env, "test-host", getpid(), false);
  EXPECT_EQ(resumed.kind, RunClaim::kResume);
  EXPECT_EQ(resumed.run.attempts, 2);
  store.EndRun(first.run.id, RunStatus::kFinished, {});
  EXPECT_EQ(store.ClaimRun(Identity("a"), 0, env, "test-host", getpid(), false).kind,
            RunClaim::kAlreadyEnded);
  store.EndRun(resumed.run.id, RunStatus::kFailed, {}, "error", "boom");
  EXPECT_EQ(store.ClaimRun(Identity("b"), 0, env, "test-host", getpid(), false).kind,
            RunClaim::kAlreadyEnded);
  EXPECT_EQ(store.ClaimRun(Identity("b"), 0, env, "test-host", getpid(), true).kind,
            RunClaim::kRetry);
}

// Issue 21, defect 3: a run held by a process of another host (or a live
// process that reused a dead owner's PID) is resumable once its lease has
// expired, or at once with take_over; before that it stays busy.
TEST(ResultStoreTest, ARunOfAnotherHostIsResumableWhenItsLeaseExpiresOrOnTakeOver) {
  ResultStore store(TempDb("lease"));
  int64_t env = store.RecordEnvironment(FakeEnvironment());
  ASSERT_EQ(store.ClaimRun(Identity("far"), 0, env, "other-node", 4242, false).kind,
            RunClaim::kStartNew);
  EXPECT_EQ(store.ClaimRun(Identity("far"), 0, env, "test-host", getpid(), false).kind,
            RunClaim::kBusy);  // the default lease (30 min) has not expired
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  RunClaim expired = store.ClaimRun(Identity("far"), 0, env, "test-host", getpid(), false, 0,
                                    /*take_over=*/false, /*lease_seconds=*/0);
  EXPECT_EQ(expired.kind, RunClaim::kResume);
  EXPECT_EQ(expired.run.owner_host, "test-host");
  // Ours now, and our process lives: busy for others, unless they take over.
  EXPECT_EQ(store.ClaimRun(Identity("far"), 0, env, "other-node", 7, false).kind,
            RunClaim::kBusy);
  EXPECT_EQ(store.ClaimRun(Identity("far"), 0, env, "other-node", 7, false, 0,
                           /*take_over=*/true).kind,
            RunClaim::kResume);
  // A live PID of this host whose run went silent (a reused PID) expires too.
  ASSERT_EQ(store.ClaimRun(Identity("reused"), 0, env, "test-host", getpid(), false).kind,
            RunClaim::kStartNew);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(store.ClaimRun(Identity("reused"), 0, env, "test-host", getpid(), false, 0, false,
                           0).kind,
            RunClaim::kResume);
}

TEST(ResultStoreTest, TruncateAfterRemovesLaterRecordsOnly) {
  ResultStore store(TempDb("truncate"));
  int64_t env = store.RecordEnvironment(FakeEnvironment());
  RunClaim claim = store.ClaimRun(Identity("t"), 0, env, "h", getpid(), false);
  for (int64_t step = 1; step <= 10; ++step)
    store.AppendProgress(claim.run.id, {{step, "loss", 0.5}}, {{step, "step", 0.1}},
                         step, 0.1, std::nullopt);
  store.TruncateAfter(claim.run.id, 6);
  EXPECT_EQ(store.Metrics(claim.run.id).size(), 6u);
  EXPECT_EQ(store.StepTimings(claim.run.id).size(), 6u);
  EXPECT_EQ(store.GetRun(claim.run.id)->steps_done, 6);
}

TEST(ResultStoreTest, MigratesAVersionOneDatabaseKeepingItsRuns) {
  const std::string path = TempDb("migrate");
  {
    SqliteDb raw(path);
    MigrateTo(raw, 1);
    raw.Exec("INSERT INTO environments (id, fingerprint, machine_fingerprint, "
             "hostname, cpu_model, cpu_cores, memory_bytes, git_commit, git_dirty, "
             "compiler, build_flags, torch_version, blas, threads, thread_env, "
             "device) VALUES (1, 'f', 'm', 'h', 'c', 2, 1, 'g', 0, 'gcc', '', "
             "'1.13', 'openblas', 1, '', 'cpu')");
    raw.Exec("INSERT INTO suites (id, name, path, content_hash, content) "
             "VALUES (4, 'old-suite', 'x.yaml', 'h', 'c')");
    raw.Exec("INSERT INTO runs (id, suite_id, environment_id, task, method, label, "
             "seed, config_json, config_hash, status, steps_planned) VALUES "
             "(9, 4, 1, 'toy2d', 'pcd', 'pcd', 0, '{}', 'hash9', 'finished', 10)");
  }
  ResultStore store(path);
  EXPECT_EQ(store.SchemaVersion(), LatestSchemaVersion());
  RunFilter filter;
  filter.suite = "old-suite";
  std::vector<RunRecord> runs = store.ListRuns(filter);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, 9);
  EXPECT_EQ(runs[0].status, RunStatus::kFinished);
}

// Version 3 rebuilds the runs table (a new status in its CHECK): the rows
// that refer to runs (metrics, artifacts, suite membership) must survive,
// not be cascade-deleted with the old table.
TEST(ResultStoreTest, MigratingToCollapsedStatusKeepsEveryRowThatRefersToARun) {
  const std::string path = TempDb("migrate_v3");
  int64_t run_id = 0;
  {
    ResultStore store(path);  // at the latest version, then taken back to 2
    int64_t env = store.RecordEnvironment(FakeEnvironment());
    int64_t suite = store.RecordSuite("s", "s.yaml", "content");
    RunClaim claim = store.ClaimRun(Identity("h1"), suite, env, "test-host", getpid(), false);
    run_id = claim.run.id;
    store.AppendProgress(run_id, {{1, "loss", 0.5}, {2, "loss", 0.25}}, {{1, "step", 0.1}}, 2,
                         0.2, std::nullopt);
    store.RecordArtifact(run_id, "checkpoint", "/x/checkpoint.pt", "hash", 10, 2);
    store.EndRun(run_id, RunStatus::kFinished, {{"test_ll", -1.0}}, "", "");
  }
  // Take the file back to version 2: the runs table with its old CHECK.
  {
    SqliteDb raw(path);
    raw.Exec("PRAGMA foreign_keys=OFF");
    // (Legacy renaming: the other tables keep referring to "runs".)
    raw.Exec("PRAGMA legacy_alter_table=ON");
    raw.Exec("ALTER TABLE runs RENAME TO runs_copy");
    raw.Exec(
        "CREATE TABLE runs (id INTEGER PRIMARY KEY, suite_id INTEGER REFERENCES suites(id), "
        "environment_id INTEGER NOT NULL REFERENCES environments(id), task TEXT NOT NULL, "
        "method TEXT NOT NULL, label TEXT NOT NULL, seed INTEGER NOT NULL, "
        "config_json TEXT NOT NULL, config_hash TEXT NOT NULL UNIQUE, status TEXT NOT NULL "
        "CHECK (status IN ('running', 'finished', 'failed', 'diverged', 'interrupted')), "
        "error_category TEXT, error_text TEXT, steps_planned INTEGER NOT NULL, "
        "steps_done INTEGER NOT NULL DEFAULT 0, checkpoint_step INTEGER NOT NULL DEFAULT 0, "
        "wall_seconds REAL NOT NULL DEFAULT 0, owner_host TEXT, owner_pid INTEGER, "
        "attempts INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, "
        "updated_at TEXT NOT NULL, finished_at TEXT)");
    raw.Exec("INSERT INTO runs SELECT * FROM runs_copy; DROP TABLE runs_copy;");
    raw.Exec("PRAGMA user_version = 2");
    EXPECT_THROW(raw.Exec("UPDATE runs SET status = 'collapsed'"), StoreError);
  }
  ResultStore store(path);
  EXPECT_EQ(store.SchemaVersion(), 3);
  EXPECT_EQ(store.Metrics(run_id).size(), 2u);
  EXPECT_EQ(store.StepTimings(run_id).size(), 1u);
  EXPECT_EQ(store.FinalMetrics(run_id).at("test_ll"), -1.0);
  RunFilter in_suite;
  in_suite.suite = "s";
  ASSERT_EQ(store.ListRuns(in_suite).size(), 1u);
  store.EndRun(run_id, RunStatus::kCollapsed, {}, "collapsed", "|f_test| > 1e6");
  EXPECT_EQ(store.GetRun(run_id)->status, RunStatus::kCollapsed);
  RunFilter collapsed;
  collapsed.status = "collapsed";
  EXPECT_EQ(store.ListRuns(collapsed).size(), 1u);
}

TEST(ResultStoreTest, ARunBelongsToEverySuiteThatListsIt) {
  ResultStore store(TempDb("membership"));
  int64_t env = store.RecordEnvironment(FakeEnvironment());
  int64_t first = store.RecordSuite("first", "a.yaml", "a");
  int64_t second = store.RecordSuite("second", "b.yaml", "b");
  RunClaim claim = store.ClaimRun(Identity("shared"), first, env, "h", getpid(), false, 0);
  store.EndRun(claim.run.id, RunStatus::kFinished, {});
  RunClaim again = store.ClaimRun(Identity("shared"), second, env, "h", getpid(), false, 3);
  EXPECT_EQ(again.kind, RunClaim::kAlreadyEnded);
  for (const char* name : {"first", "second"}) {
    RunFilter filter;
    filter.suite = name;
    ASSERT_EQ(store.ListRuns(filter).size(), 1u) << name;
  }
  RunFilter none;
  none.suite = "third";
  EXPECT_TRUE(store.ListRuns(none).empty());
}

TEST(ResultStoreTest, RejectsDatabaseFromNewerVersion) {
  const std::string path = TempDb("newer");
  {
    SqliteDb raw(path);
    raw.Exec("PRAGMA user_version = 999");
  }
  try {
    ResultStore store(path);
    FAIL() << "opened a database of a newer schema";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ebm

// A run killed with SIGKILL mid-training resumes from its last checkpoint
// and ends with exactly the records and final metrics of an uninterrupted
// run with the same seed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "src/suite/checkpoint.h"
#include "src/suite/sample_file.h"
#include "tests/test_suites.h"

namespace ebm {
namespace {

const char kSuite[] =
    "suite: kill\nseeds: [5]\n"
    "run: {steps: 80, batch_size: 50, eval_every: 20, log_every: 5, checkpoint_every: 25}\n"
    "tasks:\n  - task: toy2d\n"
    "    params: {train_size: 1000, test_size: 500, eval_grid: 48, train_grid: 32, hidden: 32}\n"
    "methods:\n  - method: pcd\n    params: {buffer_size: 200, sgld_steps: 5}\n"
    "  - method: exact_ml\n";

SuiteOutcome RunSuite(const std::string& dir, std::function<bool()> stop) {
  ResultStore store(dir + "/r.sqlite");
  RunnerOptions options;
  options.artifacts_dir = dir + "/artifacts";
  std::ostringstream log;
  options.progress = &log;
  options.stop_requested = std::move(stop);
  Runner runner(store, Registries::Default(), options);
  return runner.RunSuite(ParseOrDie(kSuite, Registries::Default()));
}

TEST(RunnerKillTest, ResumeAfterSigkillMatchesUninterruptedRun) {
  const std::string killed_dir = FreshDir("kill_killed");
  // Fork before this process does any torch work, so the child starts clean.
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // stop_requested is asked after every step: die without warning on the
    // 40th question, past the checkpoint at step 25 of the first run.
    int questions = 0;
    RunSuite(killed_dir, [&questions] {
      if (++questions == 40) raise(SIGKILL);
      return false;
    });
    _exit(3);  // not reached: the child must die by the signal
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child was not killed";
  {
    ResultStore store(killed_dir + "/r.sqlite");
    std::vector<RunRecord> runs = store.ListRuns();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, RunStatus::kRunning);  // its owner is dead
    EXPECT_EQ(runs[0].checkpoint_step, 25);
  }

  SuiteOutcome resumed = RunSuite(killed_dir, [] { return false; });
  const std::string reference_dir = FreshDir("kill_reference");
  SuiteOutcome reference = RunSuite(reference_dir, [] { return false; });

  ASSERT_EQ(resumed.runs.size(), 2u);
  ASSERT_EQ(reference.runs.size(), 2u);
  ResultStore killed_store(killed_dir + "/r.sqlite");
  ResultStore reference_store(reference_dir + "/r.sqlite");
  for (size_t i = 0; i < 2; ++i) {
    ASSERT_EQ(resumed.runs[i].outcome, "finished");
    EXPECT_FALSE(resumed.runs[i].final_metrics.empty());
    EXPECT_EQ(resumed.runs[i].final_metrics, reference.runs[i].final_metrics);
    std::vector<MetricRecord> a = TrainingMetrics(killed_store, resumed.runs[i].run_id);
    std::vector<MetricRecord> b = TrainingMetrics(reference_store, reference.runs[i].run_id);
    ASSERT_EQ(a.size(), b.size()) << "run " << i;
    for (size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].step, b[k].step);
      EXPECT_EQ(a[k].name, b[k].name);
      EXPECT_EQ(a[k].value, b[k].value) << a[k].name << " at step " << a[k].step;
    }
    EXPECT_EQ(killed_store.StepTimings(resumed.runs[i].run_id).size(),
              reference_store.StepTimings(reference.runs[i].run_id).size());
  }
  EXPECT_EQ(killed_store.GetRun(resumed.runs[0].run_id)->attempts, 2);
}

// A checkpoint left in the artifacts folder by a deleted database is not
// loaded into the new database's run that happens to have the same run id
// (issue 21, defect 1): the run trains from step 0 and ends with the
// numbers of an uninterrupted run.
TEST(RunnerKillTest, StaleCheckpointOfADeletedDatabaseIsNotLoaded) {
  const char kFirst[] =
      "suite: first\nseeds: [1]\nrun: {steps: 30, batch_size: 50, eval_every: 10, "
      "checkpoint_every: 10}\ntasks:\n  - task: toy2d\n    params: {dataset: moons, "
      "train_size: 500, test_size: 200, eval_grid: 32, train_grid: 32, hidden: 16}\n"
      "methods:\n  - method: exact_ml\n";
  const char kSecond[] =
      "suite: second\nseeds: [2]\nrun: {steps: 30, batch_size: 50, eval_every: 10, "
      "checkpoint_every: 10}\ntasks:\n  - task: toy2d\n    params: {dataset: rings, "
      "train_size: 500, test_size: 200, eval_grid: 32, train_grid: 32, hidden: 16}\n"
      "methods:\n  - method: exact_ml\n";
  const Registries& registries = Registries::Default();
  const std::string dir = FreshDir("stale_checkpoint");
  RunnerOptions options;
  options.artifacts_dir = dir + "/artifacts";
  std::ostringstream log;
  options.progress = &log;
  {
    ResultStore store(dir + "/p.sqlite");
    SuiteOutcome first = Runner(store, registries, options).RunSuite(ParseOrDie(kFirst, registries));
    ASSERT_EQ(first.runs.at(0).outcome, "finished");
    ASSERT_EQ(first.runs[0].run_id, 1);
  }
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(dir + "/p.sqlite" + suffix);

  // The second suite's run 1 was started and killed before its first
  // checkpoint: recorded, interrupted, at checkpoint step 0.
  Suite second = ParseOrDie(kSecond, registries);
  const RunSpec& spec = second.runs.at(0);
  {
    ResultStore store(dir + "/p.sqlite");
    RunIdentity id{spec.task,         spec.method,       spec.label,
                   spec.seed,         spec.ConfigJson(), spec.ConfigHash(),
                   spec.run.GetInt("steps")};
    RunClaim claim = store.ClaimRun(id, 0, store.RecordEnvironment(Environment{}), "gone", 1,
                                    false);
    ASSERT_EQ(claim.run.id, 1);
    store.EndRun(claim.run.id, RunStatus::kInterrupted, {});
  }
  ResultStore store(dir + "/p.sqlite");
  SuiteOutcome resumed = Runner(store, registries, options).RunSuite(second);
  ASSERT_EQ(resumed.runs.at(0).outcome, "finished");
  EXPECT_NE(log.str().find("belongs to another run"), std::string::npos) << log.str();
  EXPECT_EQ(log.str().find("resuming from the checkpoint"), std::string::npos) << log.str();

  FreshSuiteRun fresh = RunSuiteInFreshStore("stale_checkpoint_fresh", second, registries);
  EXPECT_EQ(store.FinalMetrics(resumed.runs[0].run_id),
            fresh.store->FinalMetrics(fresh.outcome.runs.at(0).run_id));
}

// Issue 21, defect 5: a full disk while saving is an error the runner
// records (the run fails, the suite goes on), not std::terminate from
// LibTorch's file writer. /dev/full answers every write with ENOSPC.
// (Checkpoints and sample files are written by the same checked writer.)
TEST(CheckpointTest, AFullDiskIsAnErrorNotAnAbort) {
  EXPECT_THROW(SaveSampleFile(torch::ones({1000}), "/dev/full"), std::runtime_error);
}

}  // namespace
}  // namespace ebm

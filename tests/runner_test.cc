// The runner: divergence and errors are recorded and the suite goes on,
// finished runs are skipped, and an interrupted run resumes to the same
// result as an uninterrupted one.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "src/cli/sample_files.h"
#include "src/core/hash.h"
#include "src/core/npy_file.h"
#include "src/methods/exact_ml.h"
#include "src/methods/pcd.h"
#include "src/suite/sample_file.h"
#include "tests/test_suites.h"

namespace ebm {
namespace {

// A test method that counts its steps, and checkpoints the count.
class StepCounting : public Method {
 public:
  void Save(torch::serialize::OutputArchive& a) override {
    a.write("count", torch::tensor(step_));
  }
  void Load(torch::serialize::InputArchive& a) override {
    torch::Tensor t;
    a.read("count", t);
    step_ = t.item<int64_t>();
  }

 protected:
  int64_t step_ = 0;
};

// A method that trains nothing and reports a NaN loss, or throws a LibTorch
// error, at a chosen step.
class Faulty : public StepCounting {
 public:
  explicit Faulty(const MethodContext& c)
      : model_(c.model), fail_at_(c.params.GetInt("fail_at")),
        kind_(c.params.GetString("kind")) {}
  Scalars Step(const Batch& batch, at::Generator&) override {
    ++step_;
    double f = model_.LogDensity(batch.x).mean().item<double>();
    if (step_ == fail_at_) {
      TORCH_CHECK(kind_ != "throw", "simulated failure at step ", step_);
      return {{"loss", std::numeric_limits<double>::quiet_NaN()}, {"f", f}};
    }
    return {{"loss", 1.0}, {"f", f}};
  }

 private:
  EnergyModel& model_;
  int64_t fail_at_;
  std::string kind_;
};

// A method whose energy runs away at a chosen step while every number stays
// finite: the model's last parameter (the output bias) drops by 1e10.
class Runaway : public StepCounting {
 public:
  explicit Runaway(const MethodContext& c)
      : model_(c.model), runaway_at_(c.params.GetInt("runaway_at")) {}
  Scalars Step(const Batch&, at::Generator&) override {
    ++step_;
    if (step_ == runaway_at_) {
      torch::NoGradGuard no_grad;
      model_.module().parameters().back().sub_(1e10);
    }
    return {{"loss", 1.0}};
  }

 private:
  EnergyModel& model_;
  int64_t runaway_at_;
};

const Registries& TestRegistries() {
  static const Registries* r = [] {
    auto* registries = new Registries;
    RegisterAllTasks(registries->tasks);
    registries->methods.Add(MakeExactMlMethodInfo());
    registries->methods.Add(MakePcdMethodInfo());
    MethodInfo faulty;
    faulty.name = "faulty";
    faulty.params = {{"fail_at", ParamType::kInt, int64_t{7}, ""},
                     {"kind", ParamType::kString, std::string("nan"), "", {"nan", "throw"}}};
    faulty.create = [](const MethodContext& c) { return std::make_unique<Faulty>(c); };
    registries->methods.Add(faulty);
    MethodInfo runaway;
    runaway.name = "runaway";
    runaway.params = {{"runaway_at", ParamType::kInt, int64_t{0}, "0: never"}};
    runaway.create = [](const MethodContext& c) { return std::make_unique<Runaway>(c); };
    registries->methods.Add(runaway);
    return registries;
  }();
  return *r;
}

const char kSmallToy[] =
    "tasks:\n  - task: toy2d\n"
    "    params: {train_size: 1000, test_size: 500, eval_grid: 48, train_grid: 32, hidden: 32}\n";

struct Fixture {
  explicit Fixture(const std::string& name)
      : dir(FreshDir(name)), store(dir + "/r.sqlite") {
    options.artifacts_dir = dir + "/artifacts";
    options.progress = &log;
  }
  SuiteOutcome Run(const std::string& text) {
    Runner runner(store, TestRegistries(), options);
    return runner.RunSuite(ParseOrDie(text, TestRegistries()));
  }
  std::string dir;
  ResultStore store;
  RunnerOptions options;
  std::ostringstream log;
};

TEST(RunnerTest, NanLossMarksRunDivergedKeepsHistoryAndSuiteGoesOn) {
  Fixture f("runner_nan");
  SuiteOutcome outcome = f.Run(
      std::string("suite: t\nseeds: [0]\nrun: {steps: 20, batch_size: 50, "
                  "eval_every: 5, log_every: 1, checkpoint_every: 5}\n") +
      kSmallToy + "methods:\n  - method: faulty\n  - method: exact_ml\n");
  ASSERT_EQ(outcome.runs.size(), 2u);
  EXPECT_EQ(outcome.runs[0].outcome, "diverged");
  EXPECT_EQ(outcome.runs[1].outcome, "finished");
  RunRecord run = *f.store.GetRun(outcome.runs[0].run_id);
  EXPECT_EQ(run.status, RunStatus::kDiverged);
  EXPECT_EQ(run.error_category, "diverged");
  EXPECT_NE(run.error_text.find("non-finite loss at step 7"), std::string::npos)
      << run.error_text;
  EXPECT_EQ(run.steps_done, 7);
  // The history up to the divergence is kept: step scalars 1..7 (the NaN
  // itself stored as NULL) and the evaluations at steps 0 and 5.
  int losses = 0, evaluations = 0;
  for (const MetricRecord& m : f.store.Metrics(run.id)) {
    losses += m.name == "step/loss";
    evaluations += m.name == "test_ll";
  }
  EXPECT_EQ(losses, 7);
  EXPECT_EQ(evaluations, 2);
}

TEST(RunnerTest, RunawayEnergyIsRecordedCollapsedWithItsHistoryAndNotTrainedAgain) {
  Fixture f("runner_collapse");
  const std::string suite =
      std::string("suite: t\nseeds: [0]\nrun: {steps: 20, batch_size: 50, "
                  "eval_every: 5, log_every: 1, checkpoint_every: 5}\n") +
      kSmallToy +
      "methods:\n  - method: runaway\n    params: {runaway_at: 7}\n"
      "  - method: runaway\n    label: healthy\n";
  SuiteOutcome outcome = f.Run(suite);
  ASSERT_EQ(outcome.runs.size(), 2u);
  EXPECT_EQ(outcome.runs[0].outcome, "collapsed");
  EXPECT_EQ(outcome.runs[1].outcome, "finished");  // the same task, no runaway
  RunRecord run = *f.store.GetRun(outcome.runs[0].run_id);
  EXPECT_EQ(run.status, RunStatus::kCollapsed);
  EXPECT_EQ(run.error_category, "collapsed");
  // Broken at step 7, seen at the evaluation of step 10, stopped there.
  EXPECT_EQ(run.steps_done, 10);
  EXPECT_NE(run.error_text.find("at step 10: log_z = "), std::string::npos) << run.error_text;
  EXPECT_NE(run.error_text.find("|log_z| > 1e+06"), std::string::npos) << run.error_text;
  int evaluations = 0, losses = 0;
  for (const MetricRecord& m : f.store.Metrics(run.id)) {
    evaluations += m.name == "log_z";
    losses += m.name == "step/loss";
  }
  EXPECT_EQ(evaluations, 3);  // steps 0, 5 and 10: the history is kept
  EXPECT_EQ(losses, 10);
  EXPECT_FALSE(f.store.FinalMetrics(run.id).empty());

  // Running the suite again does not train the collapsed run again.
  SuiteOutcome again = f.Run(suite);
  EXPECT_EQ(again.runs[0].outcome, "skipped");
  EXPECT_EQ(f.store.GetRun(run.id)->steps_done, 10);

  // --keep-collapsed trains on to the end, still recording the collapse.
  Fixture keep("runner_collapse_keep");
  keep.options.keep_collapsed = true;
  SuiteOutcome kept = keep.Run(suite);
  RunRecord kept_run = *keep.store.GetRun(kept.runs[0].run_id);
  EXPECT_EQ(kept_run.status, RunStatus::kCollapsed);
  EXPECT_EQ(kept_run.steps_done, 20);
  EXPECT_NE(kept_run.error_text.find("at step 10:"), std::string::npos) << kept_run.error_text;
  EXPECT_NE(kept_run.error_text.find("trained on"), std::string::npos);
}

TEST(RunnerTest, LibTorchErrorMarksRunFailedWithItsMessage) {
  Fixture f("runner_throw");
  SuiteOutcome outcome = f.Run(
      std::string("suite: t\nseeds: [0, 1]\nrun: {steps: 10, batch_size: 50}\n") +
      kSmallToy + "methods:\n  - method: faulty\n    params: {kind: throw, fail_at: 3}\n");
  ASSERT_EQ(outcome.runs.size(), 2u);  // the second seed still ran
  for (const RunOutcome& r : outcome.runs) {
    RunRecord run = *f.store.GetRun(r.run_id);
    EXPECT_EQ(run.status, RunStatus::kFailed);
    EXPECT_EQ(run.error_category, "error");
    EXPECT_NE(run.error_text.find("simulated failure at step 3"), std::string::npos);
  }
}

TEST(RunnerTest, FinishedRunsAreSkippedAndNothingIsRecordedTwice) {
  Fixture f("runner_skip");
  const std::string suite =
      std::string("suite: t\nseeds: [0]\nrun: {steps: 20, batch_size: 50, eval_every: 10}\n") +
      kSmallToy + "methods:\n  - method: exact_ml\n";
  SuiteOutcome first = f.Run(suite);
  ASSERT_EQ(first.runs[0].outcome, "finished");
  size_t rows = f.store.Metrics(first.runs[0].run_id).size();
  SuiteOutcome second = f.Run(suite);
  EXPECT_EQ(second.runs[0].outcome, "skipped");
  EXPECT_EQ(second.runs[0].run_id, first.runs[0].run_id);
  EXPECT_EQ(f.store.Metrics(first.runs[0].run_id).size(), rows);
  EXPECT_EQ(f.store.ListRuns().size(), 1u);
  EXPECT_EQ(second.runs[0].final_metrics, first.runs[0].final_metrics);
  // The run measured the machine's sgemm speed once, at its start.
  int references = 0;
  for (const MetricRecord& m : f.store.Metrics(first.runs[0].run_id)) {
    if (m.name != "reference/sgemm_gflops") continue;
    ++references;
    EXPECT_EQ(m.step, 0);
    EXPECT_GT(m.value, 0.5);  // any CPU of this century does more
  }
  EXPECT_EQ(references, 1);
}

TEST(RunnerTest, FinalSamplesAreSavedForMethodsWithASampler) {
  Fixture f("runner_samples");
  SuiteOutcome outcome = f.Run(
      std::string("suite: t\nseeds: [0]\nrun: {steps: 10, batch_size: 50, final_samples: 64}\n") +
      kSmallToy + "methods:\n  - method: exact_ml\n  - method: pcd\n"
      "    params: {buffer_size: 100, sgld_steps: 3}\n");
  ASSERT_EQ(outcome.runs.size(), 2u);
  // exact_ml has no sampler: only its checkpoint is an artifact.
  for (const auto& a : f.store.Artifacts(outcome.runs[0].run_id))
    EXPECT_NE(a.kind, "samples");
  bool found = false;
  for (const auto& a : f.store.Artifacts(outcome.runs[1].run_id)) {
    if (a.kind != "samples") continue;
    found = true;
    NpyArray samples = ReadNpyFile(a.path);  // what numpy.load reads
    EXPECT_EQ(samples.shape, (std::vector<int64_t>{64, 2}));
    for (float value : samples.values) EXPECT_TRUE(std::isfinite(value));
    EXPECT_EQ(a.content_hash, HashFileHex(a.path));
    EXPECT_EQ(a.step, 10);
  }
  EXPECT_TRUE(found) << "no samples artifact for pcd";
}

// Databases recorded before samples were saved as .npy hold torch::save
// files; the report (ebmbench_torch's) still reads them, and the .npy ones
// the same way.
TEST(SampleFilesTest, OlderTorchFilesAndNpyFilesReadAlike) {
  const std::string dir = ::testing::TempDir();
  torch::Tensor samples = torch::randn({16, 2}).to(torch::kFloat64);
  torch::save(samples, dir + "/samples.pt");
  SaveSampleFile(samples, dir + "/samples.npy");
  for (const char* name : {"samples.pt", "samples.npy"}) {
    NpyArray read = ReadSampleFile(dir + "/" + std::string(name));
    EXPECT_EQ(read.shape, (std::vector<int64_t>{16, 2})) << name;
    torch::Tensor expected = samples.to(torch::kFloat32).contiguous();
    EXPECT_EQ(read.values, std::vector<float>(expected.data_ptr<float>(),
                                              expected.data_ptr<float>() + 32))
        << name;
  }
}

TEST(RunnerTest, InterruptedRunResumesToTheUninterruptedResult) {
  const std::string suite =
      std::string("suite: t\nseeds: [3]\nrun: {steps: 60, batch_size: 50, "
                  "eval_every: 20, log_every: 5, checkpoint_every: 25}\n") +
      kSmallToy + "methods:\n  - method: exact_ml\n";
  Fixture reference("runner_reference");
  SuiteOutcome whole = reference.Run(suite);
  ASSERT_EQ(whole.runs[0].outcome, "finished");

  Fixture f("runner_interrupted");
  int calls = 0;
  f.options.stop_requested = [&calls] { return ++calls > 33; };
  SuiteOutcome stopped = f.Run(suite);
  EXPECT_TRUE(stopped.interrupted);
  ASSERT_EQ(stopped.runs[0].outcome, "interrupted");
  RunRecord paused = *f.store.GetRun(stopped.runs[0].run_id);
  EXPECT_EQ(paused.status, RunStatus::kInterrupted);
  EXPECT_GT(paused.steps_done, 0);
  EXPECT_LT(paused.steps_done, 60);

  f.options.stop_requested = [] { return false; };
  SuiteOutcome resumed = f.Run(suite);
  ASSERT_EQ(resumed.runs[0].outcome, "finished");
  EXPECT_NE(f.log.str().find("resuming from the checkpoint"), std::string::npos);
  EXPECT_EQ(resumed.runs[0].final_metrics, whole.runs[0].final_metrics);
  std::vector<MetricRecord> a = TrainingMetrics(reference.store, whole.runs[0].run_id);
  std::vector<MetricRecord> b = TrainingMetrics(f.store, resumed.runs[0].run_id);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].step, b[i].step);
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].value, b[i].value) << a[i].name << " at step " << a[i].step;
  }
  // The same steps and evaluations were timed once each; the interruption
  // only adds its own checkpoint (phase "other").
  auto training_timings = [](ResultStore& store, int64_t run_id) {
    std::vector<std::pair<int64_t, std::string>> keys;
    for (const TimingRecord& t : store.StepTimings(run_id))
      if (t.phase != "other") keys.emplace_back(t.step, t.phase);
    return keys;
  };
  EXPECT_EQ(training_timings(f.store, resumed.runs[0].run_id),
            training_timings(reference.store, whole.runs[0].run_id));
}

}  // namespace
}  // namespace ebm

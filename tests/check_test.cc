// `ebmbench check` end to end in-process: a method whose gradient sign is
// flipped is flagged as regressed, an unchanged rerun is not, and a
// baseline survives the trip through its JSON file.
#include <gtest/gtest.h>

#include "src/methods/adam_settings.h"
#include "src/report/baseline_file.h"
#include "src/report/comparison.h"
#include "src/report/run_groups.h"
#include "tests/test_suites.h"

namespace ebm {
namespace {

// Exact maximum likelihood with the gradient's sign flipped: it descends
// the log-likelihood. Registered under the real method's name, so its runs
// have the same configurations as the real ones.
class FlippedExactMl : public Method {
 public:
  explicit FlippedExactMl(const MethodContext& c)
      : model_(c.model), parameters_(c.model.module().parameters()),
        optimizer_(MakeAdam(parameters_, c.params)) {}
  Scalars Step(const Batch& batch, at::Generator&) override {
    optimizer_->zero_grad();
    torch::Tensor loss = model_.ExactLogLikelihood(batch.x).mean();  // sign flipped
    loss.backward();
    optimizer_->step();
    return {{"loss", loss.item<double>()}};
  }
  void Save(torch::serialize::OutputArchive& a) override { SaveOptimizer(*optimizer_, "o", a); }
  void Load(torch::serialize::InputArchive& a) override { LoadOptimizer(*optimizer_, "o", a); }

 private:
  EnergyModel& model_;
  std::vector<torch::Tensor> parameters_;
  std::unique_ptr<torch::optim::Adam> optimizer_;
};

const Registries& BrokenRegistries() {
  static const Registries* r = [] {
    auto* registries = new Registries;
    RegisterAllTasks(registries->tasks);
    MethodInfo info = *Registries::Default().methods.Find("exact_ml");
    info.create = [](const MethodContext& c) { return std::make_unique<FlippedExactMl>(c); };
    registries->methods.Add(info);
    return registries;
  }();
  return *r;
}

const char kSuite[] =
    "suite: check\nseeds: [0, 1, 2]\n"
    "run: {steps: 60, batch_size: 100, eval_every: 30, final_samples: 0}\n"
    "tasks:\n  - task: toy2d\n"
    "    params: {train_size: 1000, test_size: 500, eval_grid: 48, train_grid: 32, hidden: 32}\n"
    "methods:\n  - method: exact_ml\n    params: {lr: 0.01}\n";

std::vector<RunGroup> RunAndGroup(const std::string& name, const Registries& registries) {
  FreshSuiteRun run = RunSuiteInFreshStore(name, ParseOrDie(kSuite, registries), registries);
  RunFilter filter;
  filter.suite = "check";
  return CollectRunGroups(*run.store, filter);
}

std::optional<MetricDirection> Direction(const std::string& task, const std::string& metric) {
  for (const MetricSpec& m : Registries::Default().tasks.Find(task)->description.metrics)
    if (m.name == metric) return m.direction;
  return std::nullopt;
}

const ComparisonRow* Row(const std::vector<ComparisonRow>& rows, const std::string& quantity) {
  for (const ComparisonRow& r : rows)
    if (r.quantity == quantity) return &r;
  return nullptr;
}

TEST(CheckTest, FlippedGradientSignRegressesAndAnUnchangedRerunDoesNot) {
  std::vector<RunGroup> baseline = RunAndGroup("check_baseline", Registries::Default());
  std::vector<RunGroup> rerun = RunAndGroup("check_rerun", Registries::Default());
  std::vector<RunGroup> broken = RunAndGroup("check_broken", BrokenRegistries());
  ASSERT_EQ(baseline.size(), 1u);
  ASSERT_EQ(baseline[0].metrics.at("test_ll").size(), 3u);
  ASSERT_EQ(baseline[0].step_cost.size(), 3u);

  ComparisonSettings settings;
  std::vector<ComparisonRow> same = CompareRunGroups(baseline, rerun, Direction, settings);
  EXPECT_EQ(ComparisonExitCode(same, /*gate_timings=*/false), 0) << ComparisonMarkdown(same);
  EXPECT_EQ(Row(same, "test_ll")->judgement.verdict, Verdict::kUnchanged);
  EXPECT_EQ(Row(same, "status")->judgement.verdict, Verdict::kUnchanged);
  EXPECT_EQ(Row(same, "log_z"), nullptr);  // informational: not judged

  // The flipped sign drives the density away from the data. In this
  // suite's three evaluations toy2d's collapse rule (3 in a row) is not yet
  // met, so the runs finish, and check calls the likelihood regressed.
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(broken[0].finished, 3);
  std::vector<ComparisonRow> worse = CompareRunGroups(baseline, broken, Direction, settings);
  ASSERT_NE(Row(worse, "test_ll"), nullptr) << ComparisonMarkdown(worse);
  EXPECT_EQ(Row(worse, "test_ll")->judgement.verdict, Verdict::kRegressed)
      << ComparisonMarkdown(worse);
  EXPECT_EQ(ComparisonExitCode(worse, false), 1);
  // Read the other way round, the fix is an improvement.
  std::vector<ComparisonRow> fixed = CompareRunGroups(broken, baseline, Direction, settings);
  EXPECT_EQ(Row(fixed, "test_ll")->judgement.verdict, Verdict::kImproved);
}

TEST(CheckTest, BaselineFileRoundTripsAndBadFilesAreNamed) {
  RunGroup g;
  g.key = "k";
  g.task = "toy2d";
  g.label = "pcd";
  g.config = "dataset=moons";
  g.machine_fingerprint = "m";
  g.metrics["test_ll"] = {-2.5, -2.25};
  g.step_cost = {0.125};
  g.runs = 3;
  g.finished = 2;
  g.diverged = 1;
  std::vector<RunGroup> back = RunGroupsFromJson(RunGroupsToJson({g}, "t"), "f.json");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].Name(), "toy2d/pcd dataset=moons");
  EXPECT_EQ(back[0].metrics, g.metrics);
  EXPECT_EQ(back[0].step_cost, g.step_cost);
  EXPECT_EQ(back[0].diverged, 1);
  try {
    RunGroupsFromJson("{\"groups\": []}", "reports/baselines/x.json");
    FAIL() << "accepted a file without the baseline format";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("reports/baselines/x.json"), std::string::npos);
  }
  // A count that is not a whole number in int's range is named, not
  // wrapped (issue 21, defect 16: 1e308 read as -2147483648).
  std::string huge = RunGroupsToJson({g}, "t");
  const size_t at = huge.find("\"runs\": 3");
  ASSERT_NE(at, std::string::npos) << huge;
  for (const std::string bad : {"1e308", "-1", "2.5", "4294967296"}) {
    std::string text = huge;
    text.replace(at, std::string("\"runs\": 3").size(), "\"runs\": " + bad);
    try {
      RunGroupsFromJson(text, "b.json");
      FAIL() << "accepted runs: " << bad;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("groups[0].runs"), std::string::npos) << e.what();
    }
  }
}

TEST(CheckTest, StatusChangesAreVerdicts) {
  RunGroup base, cand;
  base.key = cand.key = "k";
  base.task = cand.task = "toy2d";
  base.runs = cand.runs = 2;
  base.finished = 2;
  cand.finished = 1;
  cand.diverged = 1;
  auto rows = CompareRunGroups({base}, {cand}, Direction, {});
  EXPECT_EQ(Row(rows, "status")->judgement.verdict, Verdict::kNewlyFailing);
  EXPECT_EQ(ComparisonExitCode(rows, false), 1);
  rows = CompareRunGroups({cand}, {base}, Direction, {});
  EXPECT_EQ(Row(rows, "status")->judgement.verdict, Verdict::kFixed);
  // A configuration the baseline never ran is incomparable, not a failure.
  RunGroup other = cand;
  other.key = "new";
  rows = CompareRunGroups({base}, {other}, Direction, {});
  EXPECT_EQ(rows[0].judgement.verdict, Verdict::kIncomparable);
  EXPECT_EQ(ComparisonExitCode(rows, false), 0);
  // A configuration that newly collapses is a regression, even where the
  // baseline already had a diverged seed; the note counts each outcome.
  RunGroup collapsing = cand;
  collapsing.collapsed = 1;
  collapsing.finished = 0;
  rows = CompareRunGroups({cand}, {collapsing}, Direction, {});
  EXPECT_EQ(Row(rows, "status")->judgement.verdict, Verdict::kNewlyFailing);
  EXPECT_EQ(ComparisonExitCode(rows, false), 1);
  EXPECT_NE(Row(rows, "status")->note.find("1 collapsed"), std::string::npos)
      << Row(rows, "status")->note;
  // The baseline file carries the count (and reads files without it as 0).
  std::vector<RunGroup> back = RunGroupsFromJson(RunGroupsToJson({collapsing}, "t"), "f.json");
  EXPECT_EQ(back[0].collapsed, 1);
}

}  // namespace
}  // namespace ebm

// The tuning protocol (`ebmbench select`) on a hand-made sweep database:
// settings are chosen by the validation metric, never the test metric; a
// configuration that diverged loses however good its numbers; unequal
// budgets are refused; the written suite parses and runs the winners.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "src/cli/commands.h"
#include "src/report/selection.h"
#include "tests/test_suites.h"

namespace ebm {
namespace {

const char kSweep[] = R"(
suite: fake-sweep
seeds: [0, 1]
budget: 3
run: {steps: 10}
tasks:
  - task: nice
    params: {hidden: 16, hidden_layers: 1}
methods:
  - method: exact_ml
    grid: {lr: [0.001, 0.003, 0.01]}
  - method: pcd
    params: {sgld_steps: 5}
    grid: {lr: [0.0001, 0.0003, 0.001]}
)";

// Records every run of the sweep as ended with `status` and the final
// metrics `metrics(method, lr)`.
void RecordSweep(ResultStore& store, const Suite& suite,
                 const std::function<std::pair<RunStatus, std::map<std::string, double>>(
                     const std::string&, double)>& outcome) {
  const int64_t suite_id = store.RecordSuite(suite.name, "fake.yaml", kSweep);
  Environment env;
  env.hostname = "h";
  const int64_t env_id = store.RecordEnvironment(env);
  for (size_t i = 0; i < suite.runs.size(); ++i) {
    const RunSpec& spec = suite.runs[i];
    RunIdentity id{spec.task,         spec.method,       spec.label,
                   spec.seed,         spec.ConfigJson(), spec.ConfigHash(),
                   spec.run.GetInt("steps")};
    RunClaim claim = store.ClaimRun(id, suite_id, env_id, "h", getpid(), false,
                                    static_cast<int64_t>(i));
    auto [status, metrics] = outcome(spec.method, spec.method_params.GetDouble("lr"));
    store.EndRun(claim.run.id, status, metrics);
  }
}

TEST(SelectionTest, PicksByValidationIgnoringBetterTestValuesAndFailures) {
  const Registries& registries = Registries::Default();
  Suite sweep = ParseOrDie(kSweep, registries);
  ASSERT_EQ(sweep.runs.size(), 12u);
  const std::string dir = FreshDir("selection");
  {
    ResultStore store(dir + "/sweep.sqlite");
    RecordSweep(store, sweep, [](const std::string& method, double lr) {
      std::map<std::string, double> m;
      if (method == "exact_ml") {
        // lr 0.003 is best on validation; lr 0.01 has the best test value.
        m["val_bpd"] = lr == 0.003 ? 2.0 : lr == 0.01 ? 2.2 : 2.4;
        m["test_bpd"] = lr == 0.01 ? 1.5 : 2.1;
        return std::make_pair(RunStatus::kFinished, m);
      }
      // pcd: lr 0.001 diverged with the best-looking numbers; lr 0.0003 is
      // the best of those that finished.
      m["val_bpd"] = lr == 0.001 ? 1.0 : lr == 0.0003 ? 3.0 : 3.5;
      m["test_bpd"] = m["val_bpd"];
      return std::make_pair(lr == 0.001 ? RunStatus::kDiverged : RunStatus::kFinished, m);
    });
  }
  SelectCommandOptions options;
  options.sweep_suite = "fake-sweep";
  options.output = dir + "/chosen.yaml";
  options.name = "fake-chosen";
  options.seeds = {1, 2, 3};
  std::ostringstream ignored;
  std::streambuf* old = std::cout.rdbuf(ignored.rdbuf());
  const int status = SelectCommand(dir + "/sweep.sqlite", options);
  std::cout.rdbuf(old);
  ASSERT_EQ(status, 0);

  SuiteParseResult chosen = ParseSuiteFile(options.output, registries.Catalog());
  ASSERT_TRUE(chosen.ok()) << chosen.errors.at(0);
  EXPECT_EQ(chosen.suite.name, "fake-chosen");
  ASSERT_EQ(chosen.suite.runs.size(), 6u);  // 2 methods x seeds 1, 2, 3
  for (const RunSpec& run : chosen.suite.runs) {
    EXPECT_EQ(run.task_params.GetInt("hidden"), 16);
    EXPECT_EQ(run.run.GetInt("steps"), 10);
    if (run.method == "exact_ml") {
      EXPECT_EQ(run.method_params.GetDouble("lr"), 0.003);
    }
    if (run.method == "pcd") {
      EXPECT_EQ(run.method_params.GetDouble("lr"), 0.0003);
      EXPECT_EQ(run.method_params.GetInt("sgld_steps"), 5);
    }
  }
  // The same choice from the sweep file instead of the suite's name.
  {
    std::ofstream sweep_file(dir + "/sweep.yaml");
    sweep_file << kSweep;
  }
  SelectCommandOptions by_file = options;
  by_file.sweep_suite.clear();
  by_file.sweep_file = dir + "/sweep.yaml";
  by_file.output = dir + "/chosen-by-file.yaml";
  old = std::cout.rdbuf(ignored.rdbuf());
  ASSERT_EQ(SelectCommand(dir + "/sweep.sqlite", by_file), 0);
  std::cout.rdbuf(old);
  SuiteParseResult again = ParseSuiteFile(by_file.output, registries.Catalog());
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again.suite.runs.size(), chosen.suite.runs.size());
  for (size_t i = 0; i < again.suite.runs.size(); ++i)
    EXPECT_EQ(again.suite.runs[i].ConfigHash(), chosen.suite.runs[i].ConfigHash());

  // The file says where each choice came from.
  std::ifstream in(options.output);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("val_bpd"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("the best of 3 configurations"), std::string::npos);
  EXPECT_EQ(text.str().find("test_bpd"), std::string::npos) << text.str();
}

TEST(SelectionTest, RefusesUnequalBudgets) {
  const Registries& registries = Registries::Default();
  Suite sweep = ParseOrDie(kSweep, registries);
  std::vector<SweepRun> runs;
  for (const RunSpec& spec : sweep.runs) {
    // Leave out one exact_ml configuration: 2 against pcd's 3.
    if (spec.method == "exact_ml" && spec.method_params.GetDouble("lr") == 0.01) continue;
    SweepRun run;
    run.record.identity = {spec.task, spec.method, spec.label, spec.seed,
                           spec.ConfigJson(), spec.ConfigHash(), 10};
    run.record.status = RunStatus::kFinished;
    run.final_metrics = {{"val_bpd", 2.0}};
    runs.push_back(run);
  }
  std::map<std::string, TaskDescription> tasks;
  for (const auto& [name, info] : registries.tasks.all()) tasks[name] = info.description;
  EXPECT_THROW(SelectConfigurations(runs, tasks, {}), std::invalid_argument);
}

TEST(SelectionTest, SuiteBudgetIsCheckedWithTheLineAndKey) {
  const Registries& registries = Registries::Default();
  const std::string text = std::string(kSweep) + "  - method: ssm\n";
  SuiteParseResult result = ParseSuiteText(text, "sweep.yaml", registries.Catalog());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.errors[0].find("sweep.yaml:4:"), std::string::npos) << result.errors[0];
  EXPECT_NE(result.errors[0].find("'budget'"), std::string::npos) << result.errors[0];
  EXPECT_NE(result.errors[0].find("method 'ssm' has 1 configuration"), std::string::npos)
      << result.errors[0];
}

}  // namespace
}  // namespace ebm

// list, show, env and describe: reading what the store and registries hold.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "src/cli/cli_support.h"
#include "src/cli/commands.h"
#include "src/cli/run_table.h"
#include "src/cli/text_table.h"
#include "src/core/environment_detection.h"
#include "src/suite/runner.h"

namespace ebm {
namespace {

std::string Describe(const std::vector<ParamSpec>& specs) {
  std::string out;
  for (const ParamSpec& s : specs) {
    out += "    " + s.name + " (" + ParamTypeName(s.type) + ", default " +
           FormatParamValue(s.default_value) + "): " + s.help;
    const std::string allowed = AllowedValuesText(s);
    if (!allowed.empty()) out += " " + allowed;
    out += "\n";
  }
  return out;
}

}  // namespace

int ListCommand(const std::string& db, const RunFilter& filter) {
  if (!std::filesystem::exists(db)) {
    std::cerr << "ebmbench: no results database at " << db
              << " (run a suite first, or pass --db)\n";
    return 2;
  }
  ResultStore store(db, ResultStore::Access::kRead);
  std::vector<RunRecord> runs = store.ListRuns(filter);
  if (runs.empty()) {
    std::cout << "no runs match\n";
    return 0;
  }
  PrintResults(store, runs, filter, std::cout);
  return 0;
}

int ShowCommand(const std::string& db, int64_t run_id) {
  if (!std::filesystem::exists(db)) {
    std::cerr << "ebmbench: no results database at " << db << "\n";
    return 2;
  }
  ResultStore store(db, ResultStore::Access::kRead);
  std::optional<RunRecord> run = store.GetRun(run_id);
  if (!run) {
    std::cerr << "ebmbench: no run " << run_id << " in " << db
              << " (`ebmbench list` shows the runs)\n";
    return 2;
  }
  std::cout << "run " << run->id << ": " << run->identity.task << "/"
            << run->identity.label << " seed " << run->identity.seed << "\n"
            << "status: " << RunStatusName(run->status);
  if (!run->error_text.empty())
    std::cout << " (" << run->error_category << ": " << run->error_text << ")";
  std::cout << "\nsteps: " << run->steps_done << "/" << run->identity.steps_planned
            << ", checkpoint at " << run->checkpoint_step << ", attempts "
            << run->attempts << ", wall " << TextTable::Number(run->wall_seconds, 1)
            << " s\ncreated " << run->created_at << ", updated " << run->updated_at
            << "\nconfig " << run->identity.config_hash << ":\n"
            << nlohmann::json::parse(run->identity.config_json).dump(2) << "\n";

  std::cout << "\nfinal metrics:\n";
  for (const auto& [name, value] : store.FinalMetrics(run_id))
    std::cout << "  " << name << " = " << value << "\n";

  std::cout << "\ntimings (seconds):\n";
  TextTable timings({"phase", "count", "total", "mean", "std", "p50", "p90", "max"});
  for (const auto& [phase, s] : store.TimingSummaries(run_id)) {
    timings.AddRow({phase, std::to_string(s.count), TextTable::Number(s.total, 2),
                    TextTable::Number(s.mean, 5), TextTable::Number(s.stddev, 5),
                    TextTable::Number(s.p50, 5), TextTable::Number(s.p90, 5),
                    TextTable::Number(s.max, 5)});
  }
  timings.Print(std::cout);

  std::cout << "\nsgemm reference (GFLOP/s, n = 256, measured at each start):";
  for (const MetricRecord& m : store.Metrics(run_id))
    if (m.name == "reference/sgemm_gflops")
      std::cout << " " << TextTable::Number(m.value, 1) << " at step " << m.step;
  std::cout << "\n\nevaluations:\n";
  std::map<int64_t, std::map<std::string, double>> by_step;
  std::set<std::string> names;
  for (const MetricRecord& m : store.Metrics(run_id)) {
    if (m.name.rfind("step/", 0) == 0 || m.name.rfind("reference/", 0) == 0) continue;
    by_step[m.step][m.name] = m.value;
    names.insert(m.name);
  }
  std::vector<std::string> header = {"step"};
  header.insert(header.end(), names.begin(), names.end());
  TextTable curve(header);
  for (const auto& [step, values] : by_step) {
    std::vector<std::string> row = {std::to_string(step)};
    for (const std::string& name : names)
      row.push_back(values.count(name) ? TextTable::Number(values.at(name), 4) : "-");
    curve.AddRow(row);
  }
  curve.Print(std::cout);

  std::cout << "\nenvironment:\n";
  for (const auto& [name, value] : store.EnvironmentFields(run->environment_id))
    std::cout << "  " << name << ": " << value << "\n";
  auto artifacts = store.Artifacts(run_id);
  if (!artifacts.empty()) {
    std::cout << "\nartifacts:\n";
    for (const auto& a : artifacts)
      std::cout << "  " << a.kind << " " << a.path << " (step " << a.step << ", "
                << a.bytes << " bytes, xxh128 " << a.content_hash << ")\n";
  }
  return 0;
}

int EnvCommand(const std::string& device) {
  Environment env = DetectEnvironment(device);
  for (const auto& [name, value] : env.Fields())
    std::cout << name << ": " << value << "\n";
  std::cout << "machine_fingerprint: " << env.MachineFingerprint() << "\n"
            << "fingerprint: " << env.Fingerprint() << "\n";
  return 0;
}

int DescribeCommand() {
  const Registries& r = Registries::Default();
  std::cout << "Tasks (set their parameters under a task entry's params/grid):\n";
  for (const auto& [name, info] : r.tasks.all()) {
    std::cout << "\n  " << name << ": " << info.description.summary << "\n"
              << "  parameters:\n" << Describe(info.description.params)
              << "  primary metric: " << info.description.primary_metric << "\n";
    if (!info.description.selection_metric.empty())
      std::cout << "  selection (validation) metric: " << info.description.selection_metric
                << " (`ebmbench select` chooses settings by it; best_val/* are the "
                   "metrics at its best evaluation)\n";
    std::cout << "  metrics:\n";
    for (const MetricSpec& m : info.description.metrics) {
      const char* direction =
          m.direction == MetricDirection::kHigherIsBetter ? "higher is better"
          : m.direction == MetricDirection::kLowerIsBetter ? "lower is better"
                                                           : "informational";
      std::cout << "    " << m.name << " [" << (m.unit.empty() ? "" : m.unit + ", ") << direction
                << "]: " << m.help << "\n";
    }
    if (!info.description.collapse_rules.empty()) {
      std::cout << "  collapse (judged at every evaluation; a run meeting one is recorded "
                   "collapsed and stops, unless run --keep-collapsed):\n";
      for (const CollapseRule& rule : info.description.collapse_rules)
        std::cout << "    " << rule.Text() << "\n";
    }
  }
  std::cout << "\nMethods (set their parameters under a method entry's params/grid):\n";
  for (const auto& [name, info] : r.methods.all()) {
    std::cout << "\n  " << name << ": " << info.summary << "\n"
              << "  parameters:\n" << Describe(info.params);
  }
  std::cout << "\nRun settings (the suite's `run:` section, or a method entry's):\n"
            << Describe(RunParamSpecs());
  return 0;
}

}  // namespace ebm

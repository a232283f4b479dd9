// list and show: reading what the store holds.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "src/cli/cli_support.h"
#include "src/cli/commands.h"
#include "src/cli/run_table.h"
#include "src/cli/text_table.h"

namespace ebm {

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

}  // namespace ebm

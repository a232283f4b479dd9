#include "src/cli/run_table.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>

#include "src/cli/text_table.h"
#include "src/core/summary_stats.h"
#include "src/suite/runner.h"

namespace ebm {
namespace {

std::string PrimaryMetric(const std::string& task) {
  const TaskInfo* info = Registries::Default().tasks.Find(task);
  return info ? info->description.primary_metric : "";
}

// For each run, "key=value" of the task and method parameters that differ
// between runs of the same task and method label: what tells them apart.
std::map<int64_t, std::string> DistinguishingConfig(const std::vector<RunRecord>& runs) {
  using Flat = std::map<std::string, std::string>;
  std::map<int64_t, Flat> flat;
  std::map<std::string, std::map<std::string, std::set<std::string>>> seen;
  for (const RunRecord& run : runs) {
    nlohmann::json config = nlohmann::json::parse(run.identity.config_json);
    Flat& f = flat[run.id];
    for (const char* scope : {"task_params", "method_params"})
      for (const auto& [key, value] : config[scope].items())
        f[key] = value.is_string() ? value.get<std::string>() : value.dump();
    for (const auto& [key, value] : f)
      seen[run.identity.task + "/" + run.identity.label][key].insert(value);
  }
  std::map<int64_t, std::string> out;
  for (const RunRecord& run : runs) {
    std::string text;
    for (const auto& [key, values] : seen[run.identity.task + "/" + run.identity.label]) {
      if (values.size() > 1)
        text += (text.empty() ? "" : " ") + key + "=" + flat[run.id][key];
    }
    out[run.id] = text;
  }
  return out;
}

}  // namespace

void PrintResults(ResultStore& store, const std::vector<RunRecord>& runs,
                  std::ostream& out) {
  TextTable table({"run", "task", "method", "config", "seed", "status",
                   "metric", "value", "steps", "wall s", "ms/step"});
  struct Group {
    std::string task, label, config, metric;
    std::vector<double> values;
    int runs = 0, diverged = 0, failed = 0;
    double wall = 0;
  };
  std::map<std::string, Group> groups;
  std::map<int64_t, std::string> configs = DistinguishingConfig(runs);
  for (const RunRecord& run : runs) {
    const std::string metric = PrimaryMetric(run.identity.task);
    std::map<std::string, double> finals = store.FinalMetrics(run.id);
    auto timing = store.TimingSummaries(run.id);
    const std::string& short_config = configs[run.id];
    std::string value = finals.count(metric) ? TextTable::Number(finals[metric]) : "-";
    std::string ms = timing.count("step") ? TextTable::Number(timing["step"].mean * 1e3, 2) : "-";
    table.AddRow({std::to_string(run.id), run.identity.task, run.identity.label,
                  short_config, std::to_string(run.identity.seed),
                  RunStatusName(run.status), metric, value,
                  std::to_string(run.steps_done) + "/" +
                      std::to_string(run.identity.steps_planned),
                  TextTable::Number(run.wall_seconds, 1), ms});
    Group& g = groups[run.identity.task + "|" + run.identity.label + "|" + short_config];
    g.task = run.identity.task;
    g.label = run.identity.label;
    g.config = short_config;
    g.metric = metric;
    ++g.runs;
    g.wall += run.wall_seconds;
    g.diverged += run.status == RunStatus::kDiverged;
    g.failed += run.status == RunStatus::kFailed;
    if (run.status == RunStatus::kFinished && finals.count(metric))
      g.values.push_back(finals[metric]);
  }
  table.Print(out);
  if (groups.empty()) return;
  out << "\nOver seeds (finished runs):\n";
  TextTable summary({"task", "method", "config", "metric", "mean", "std",
                     "finished", "diverged", "failed", "wall s"});
  for (const auto& [key, g] : groups) {
    SummaryStats s = Summarize(g.values);
    summary.AddRow({g.task, g.label, g.config, g.metric,
                    s.count ? TextTable::Number(s.mean) : "-",
                    s.count > 1 ? TextTable::Number(s.stddev) : "-",
                    std::to_string(s.count) + "/" + std::to_string(g.runs),
                    std::to_string(g.diverged), std::to_string(g.failed),
                    TextTable::Number(g.wall, 1)});
  }
  summary.Print(out);
}

}  // namespace ebm

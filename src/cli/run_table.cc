#include "src/cli/run_table.h"

#include <map>
#include <string>

#include "src/cli/text_table.h"
#include "src/core/summary_stats.h"
#include "src/report/run_groups.h"
#include "src/suite/runner.h"

namespace ebm {
namespace {

std::string PrimaryMetric(const std::string& task) {
  const TaskInfo* info = Registries::Default().tasks.Find(task);
  return info ? info->description.primary_metric : "";
}

}  // namespace

void PrintResults(ResultStore& store, const std::vector<RunRecord>& runs,
                  std::ostream& out) {
  TextTable table({"run", "task", "method", "config", "seed", "status",
                   "metric", "value", "steps", "wall s", "ms/step"});
  struct Group {
    std::string task, label, config, metric;
    std::vector<double> values;
    int runs = 0, diverged = 0, collapsed = 0, failed = 0;
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
    g.collapsed += run.status == RunStatus::kCollapsed;
    g.failed += run.status == RunStatus::kFailed;
    if (run.status == RunStatus::kFinished && finals.count(metric))
      g.values.push_back(finals[metric]);
  }
  table.Print(out);
  if (groups.empty()) return;
  out << "\nOver seeds (finished runs):\n";
  TextTable summary({"task", "method", "config", "metric", "mean", "std",
                     "finished", "collapsed", "diverged", "failed", "wall s"});
  for (const auto& [key, g] : groups) {
    SummaryStats s = Summarize(g.values);
    summary.AddRow({g.task, g.label, g.config, g.metric,
                    s.count ? TextTable::Number(s.mean) : "-",
                    s.count > 1 ? TextTable::Number(s.stddev) : "-",
                    std::to_string(s.count) + "/" + std::to_string(g.runs),
                    std::to_string(g.collapsed), std::to_string(g.diverged),
                    std::to_string(g.failed),
                    TextTable::Number(g.wall, 1)});
  }
  summary.Print(out);
}

}  // namespace ebm

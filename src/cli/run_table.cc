#include "src/cli/run_table.h"

#include <map>
#include <string>

#include "src/cli/text_table.h"
#include "src/core/visible_text.h"
#include "src/report/leaderboard.h"
#include "src/report/run_groups.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {
namespace {

std::string PrimaryMetric(const std::string& task) {
  const TaskDescription* description = FindTaskDescription(task);
  return description ? description->primary_metric : "";
}

}  // namespace

TaskLookup DescribedTasks() {
  return [](const std::string& name) -> std::optional<TaskDescription> {
    const TaskDescription* description = FindTaskDescription(name);
    if (!description) return std::nullopt;
    return *description;
  };
}

void PrintResults(ResultStore& store, const std::vector<RunRecord>& runs,
                  const RunFilter& filter, std::ostream& out) {
  TextTable table({"run", "task", "method", "config", "seed", "status",
                   "metric", "value", "steps", "wall s", "ms/step"});
  std::map<int64_t, std::string> configs = DistinguishingConfig(runs);
  for (const RunRecord& run : runs) {
    const std::string metric = PrimaryMetric(run.identity.task);
    std::map<std::string, double> finals = store.FinalMetrics(run.id);
    auto timing = store.TimingSummaries(run.id);
    std::string value = finals.count(metric) ? TextTable::Number(finals[metric]) : "-";
    std::string ms = timing.count("step") ? TextTable::Number(timing["step"].mean * 1e3, 2) : "-";
    table.AddRow({std::to_string(run.id), run.identity.task, run.identity.label,
                  configs[run.id], std::to_string(run.identity.seed),
                  RunStatusName(run.status), metric, value,
                  std::to_string(run.steps_done) + "/" +
                      std::to_string(run.identity.steps_planned),
                  TextTable::Number(run.wall_seconds, 1), ms});
  }
  table.Print(out);
  if (runs.empty()) return;
  const ReportData data = CollectReportData(store, filter, "", DescribedTasks());
  for (const ReportTask& task : data.tasks) {
    out << "\nLeaderboard of " << task.description.name << " by "
        << task.description.primary_metric
        << " (mean over finished runs, 95% interval; ~ = interval overlaps the leader's)";
    const std::vector<Leaderboard> boards = BuildLeaderboards(task);
    std::string reference;
    for (const Leaderboard& board : boards)
      if (reference.empty()) reference = board.reference;
    if (!reference.empty())
      out << ";\ntime to 50% / 90% of the way " << VisibleText(reference)
          << " went from its first evaluation to its last (wall s, mean over finished seeds)";
    out << ":\n";
    TextTable board_table({"setting", "#", "method", "mean", "+-95%", "tie", "finished",
                           "collapsed", "diverged", "failed", "wall s/run", "ms/step",
                           "x fastest", "to 50%", "to 90%"});
    for (const Leaderboard& board : boards) {
      for (const LeaderboardEntry& e : board.entries) {
        const ReportGroup& g = task.groups[e.group];
        std::string name = NameInSetting(g.group, board.task_settings);
        if (e.configurations > 1) name += " (" + SelectionNote(board, e) + ")";
        auto target = [&](size_t k) {
          return TargetText(e, k, [](const ReportRun::Point& p) {
            return TextTable::Number(p.seconds, 1);
          });
        };
        const bool spread = e.metric.n > 1;
        board_table.AddRow(
            {board.task_settings.empty() ? "-" : board.task_settings,
             e.rank ? std::to_string(e.rank) : "-", name,
             e.metric.n ? TextTable::Number(e.metric.mean) : "-",
             spread ? TextTable::Number(e.metric.high - e.metric.mean) : "-",
             e.tied_with_leader ? "~" : "",
             std::to_string(g.group.finished) + "/" + std::to_string(g.group.runs),
             std::to_string(g.group.collapsed), std::to_string(g.group.diverged),
             std::to_string(g.group.failed), TextTable::Number(e.wall_seconds_per_run, 1),
             // Runs that take no steps (ood evaluates a stored model): no step cost.
             e.ms_per_step > 0 ? TextTable::Number(e.ms_per_step, 2) : "-",
             e.cost_ratio > 0 ? TextTable::Number(e.cost_ratio, 2) : "-", target(0), target(1)});
      }
    }
    board_table.Print(out);
  }
}

}  // namespace ebm

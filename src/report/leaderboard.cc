#include "src/report/leaderboard.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include "src/report/significance.h"

namespace ebm {

const std::vector<double>& TargetFractions() {
  static const std::vector<double> fractions = {0.5, 0.9};
  return fractions;
}

std::vector<ReportRun::Point> MeanCurve(const ReportGroup& group, const std::string& metric) {
  struct Sum {
    double seconds = 0, value = 0;
    int n = 0;
  };
  std::map<int64_t, Sum> by_step;
  for (const ReportRun& run : group.runs) {
    if (run.record.status != RunStatus::kFinished) continue;
    auto curve = run.curves.find(metric);
    if (curve == run.curves.end()) continue;
    for (const ReportRun::Point& p : curve->second) {
      if (!std::isfinite(p.value)) continue;
      Sum& sum = by_step[p.step];
      sum.seconds += p.seconds;
      sum.value += p.value;
      ++sum.n;
    }
  }
  std::vector<ReportRun::Point> mean;
  for (const auto& [step, sum] : by_step)
    mean.push_back({step, sum.seconds / sum.n, sum.value / sum.n});
  return mean;
}

std::optional<ReportRun::Point> TimeToTarget(const std::vector<ReportRun::Point>& curve,
                                             double untrained, double reference_final,
                                             double fraction, bool higher_is_better) {
  const double sign = higher_is_better ? 1.0 : -1.0;
  const double gain = sign * (reference_final - untrained);
  if (!(gain > 0)) return std::nullopt;
  const double target = untrained + sign * fraction * gain;
  for (const ReportRun::Point& p : curve)
    if (sign * (p.value - target) >= 0) return p;
  return std::nullopt;
}

namespace {

// Keeps, per method label, one configuration: the one with the fewest runs
// that did not finish, then the best mean `validation` metric over its
// finished runs (the order `ebmbench select` ranks configurations by, here
// within one setting). Labels whose configurations cannot be compared (no
// finite validation mean) keep every configuration.
void SelectByValidation(const ReportTask& task, const MetricSpec& validation,
                        Leaderboard& board) {
  const double sign = validation.direction == MetricDirection::kLowerIsBetter ? -1.0 : 1.0;
  // (unfinished runs, -sign * mean): smaller is better; nullopt: no mean.
  auto key = [&](const LeaderboardEntry& e) -> std::optional<std::pair<int, double>> {
    const RunGroup& g = task.groups[e.group].group;
    auto values = g.metrics.find(validation.name);
    if (values == g.metrics.end() || values->second.empty()) return std::nullopt;
    double sum = 0;
    for (double v : values->second) sum += v;
    const double mean = sum / values->second.size();
    if (!std::isfinite(mean)) return std::nullopt;
    return std::make_pair(g.runs - g.finished, -sign * mean);
  };
  std::map<std::string, std::vector<size_t>> by_label;  // label -> indices into entries
  for (size_t i = 0; i < board.entries.size(); ++i)
    by_label[task.groups[board.entries[i].group].group.label].push_back(i);
  std::vector<LeaderboardEntry> kept;
  for (const auto& [label, indices] : by_label) {
    std::optional<size_t> best;
    for (size_t i : indices) {
      auto mine = key(board.entries[i]);
      if (mine && (!best || *mine < *key(board.entries[*best]))) best = i;
    }
    if (indices.size() == 1 || !best) {
      for (size_t i : indices) kept.push_back(board.entries[i]);
      continue;
    }
    kept.push_back(board.entries[*best]);
    kept.back().configurations = static_cast<int>(indices.size());
    board.selected_by = validation.name;
  }
  std::sort(kept.begin(), kept.end(),
            [](const LeaderboardEntry& a, const LeaderboardEntry& b) { return a.group < b.group; });
  board.entries = kept;
}

}  // namespace

std::vector<Leaderboard> BuildLeaderboards(const ReportTask& task) {
  const TaskDescription& d = task.description;
  const MetricSpec* primary = FindMetric(d, d.primary_metric);
  const MetricSpec* tracked = FindMetric(d, d.TrackedMetric());
  std::vector<Leaderboard> boards;
  std::map<std::string, size_t> board_of;
  for (size_t i = 0; i < task.groups.size(); ++i) {
    const ReportGroup& g = task.groups[i];
    auto [it, added] = board_of.try_emplace(g.task_settings, boards.size());
    if (added) {
      Leaderboard board;
      board.task_settings = SettingLabel(task, g.task_settings);
      board.metric = d.primary_metric;
      board.higher_is_better =
          !primary || primary->direction != MetricDirection::kLowerIsBetter;
      boards.push_back(board);
    }
    LeaderboardEntry entry;
    entry.group = i;
    auto values = g.group.metrics.find(d.primary_metric);
    if (values != g.group.metrics.end() && !values->second.empty())
      entry.metric = MeanConfidenceInterval(values->second);
    entry.wall_seconds_per_run = g.mean_wall_seconds;
    entry.ms_per_step = g.mean_step_ms;
    entry.published = PublishedValues(task, g);
    boards[it->second].entries.push_back(entry);
  }

  const MetricSpec* validation = FindMetric(d, d.selection_metric);
  for (auto& [settings, index] : board_of) {
    Leaderboard& board = boards[index];
    if (validation) SelectByValidation(task, *validation, board);
    const double sign = board.higher_is_better ? 1.0 : -1.0;
    std::stable_sort(board.entries.begin(), board.entries.end(),
                     [&](const LeaderboardEntry& a, const LeaderboardEntry& b) {
                       if ((a.metric.n > 0) != (b.metric.n > 0)) return a.metric.n > 0;
                       return sign * a.metric.mean > sign * b.metric.mean;
                     });
    double fastest = 0;
    for (const LeaderboardEntry& e : board.entries)
      if (e.ms_per_step > 0 && (fastest == 0 || e.ms_per_step < fastest)) fastest = e.ms_per_step;
    const LeaderboardEntry& leader = board.entries.front();
    int rank = 0;
    for (LeaderboardEntry& e : board.entries) {
      if (e.metric.n == 0) continue;
      e.rank = ++rank;
      e.cost_ratio = fastest > 0 ? e.ms_per_step / fastest : 0;
      // Intervals overlap (n = 1 has an infinite one: it cannot be told apart).
      e.tied_with_leader = &e != &leader && leader.metric.n > 0 &&
                           e.metric.low <= leader.metric.high &&
                           leader.metric.low <= e.metric.high;
    }
    for (LeaderboardEntry& e : board.entries)
      if (e.metric.n == 0) e.cost_ratio = fastest > 0 ? e.ms_per_step / fastest : 0;

    // Time to target against the setting's best-ranked reference group with
    // finished runs, on the metric every evaluation records; the untrained
    // value is the reference's own first evaluation (every method of a seed
    // starts from one model init stream, but only the reference's first
    // point is sure to be untrained). No gain to make: no target.
    const ReportGroup* reference = nullptr;
    for (const LeaderboardEntry& e : board.entries)
      if (!reference && e.metric.n > 0 && task.groups[e.group].group.method == d.reference.method)
        reference = &task.groups[e.group];
    if (!reference || !tracked) continue;
    const std::vector<ReportRun::Point> reference_curve = MeanCurve(*reference, tracked->name);
    if (reference_curve.size() < 2) continue;
    const bool higher = tracked->direction != MetricDirection::kLowerIsBetter;
    const double gain = reference_curve.back().value - reference_curve.front().value;
    if (!((higher ? gain : -gain) > 0)) continue;
    board.target_metric = tracked->name;
    board.reference = reference->group.label;
    for (LeaderboardEntry& e : board.entries) {
      const std::vector<ReportRun::Point> curve = MeanCurve(task.groups[e.group], tracked->name);
      if (curve.empty()) continue;  // nothing evaluated: "-", not "never"
      for (double fraction : TargetFractions())
        e.to_target.push_back(TimeToTarget(curve, reference_curve.front().value,
                                           reference_curve.back().value, fraction, higher));
    }
  }
  return boards;
}

std::string TargetText(const LeaderboardEntry& e, size_t k,
                       const std::function<std::string(const ReportRun::Point&)>& reached) {
  if (k >= e.to_target.size()) return "-";
  return e.to_target[k] ? reached(*e.to_target[k]) : "never";
}

std::string SelectionNote(const Leaderboard& board, const LeaderboardEntry& e) {
  if (e.configurations <= 1) return "";
  return "best of " + std::to_string(e.configurations) + " by " + board.selected_by;
}

}  // namespace ebm

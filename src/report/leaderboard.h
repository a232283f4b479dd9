// The leaderboard a report opens with: per task setting (data set,
// transform ...), methods ranked by the task's primary metric, what ties,
// how each run ended, what it cost, and how long each method took to get
// most of the way the reference method got (AlgoPerf's time to target).
#ifndef EBMBENCH_REPORT_LEADERBOARD_H_
#define EBMBENCH_REPORT_LEADERBOARD_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "src/report/report_data.h"
#include "src/report/significance.h"

namespace ebm {

// The fractions of the reference's gain over the untrained model that
// time to target is measured for.
const std::vector<double>& TargetFractions();

// The mean over the finished runs (seeds) of `metric` at each evaluation
// step (over those that have that step), with the mean wall seconds there.
std::vector<ReportRun::Point> MeanCurve(const ReportGroup& group, const std::string& metric);

// The first point of `curve` at which the metric has gone `fraction` of the
// way from `untrained` to `reference_final` (in the direction that is
// better), or nullopt: it never got there. Without a gain to make
// (reference_final no better than untrained) there is no target: nullopt.
std::optional<ReportRun::Point> TimeToTarget(const std::vector<ReportRun::Point>& curve,
                                             double untrained, double reference_final,
                                             double fraction, bool higher_is_better);

struct LeaderboardEntry {
  size_t group = 0;      // index into ReportTask::groups
  int rank = 0;          // 1 = best; groups without a finished run come last, unranked (0)
  MeanInterval metric;   // of the primary metric over finished runs
  // The 95% interval overlaps the leader's (not a test: overlapping
  // intervals can still differ significantly; disjoint ones do).
  bool tied_with_leader = false;
  double wall_seconds_per_run = 0, ms_per_step = 0;
  double cost_ratio = 0;  // ms per step / the fastest group's of this setting
  std::string published;  // "test_ll -2.1 (paper Table 1)", or ""
  // The method label's configurations in this setting; more than one means
  // this is the one its validation metric chose (Leaderboard::selected_by).
  int configurations = 1;
  // Per TargetFractions(): where the mean curve first reached the target;
  // empty vector when the setting has no reference to measure against.
  std::vector<std::optional<ReportRun::Point>> to_target;
};

struct Leaderboard {
  std::string task_settings;  // "dataset=moons"; "" when the task has one setting
  std::string metric;         // the primary metric
  bool higher_is_better = true;
  // The tracked metric time to target is measured on, and the reference
  // group it is measured against (empty when none ran in this setting).
  std::string target_metric, reference;
  // Where a method label ran several configurations (a sweep), only one is
  // ranked: the one with the fewest unfinished runs, then the best mean of
  // the task's validation metric (select's order, within this setting):
  // this metric. Empty when nothing was chosen (every configuration ranked).
  std::string selected_by;
  std::vector<LeaderboardEntry> entries;  // in rank order
};

// One leaderboard per task setting, in the order the settings first occur.
std::vector<Leaderboard> BuildLeaderboards(const ReportTask& task);

// What the pages and the terminal write for target `k` of `e`: "-" (nothing
// to measure: no reference in the setting, or no finished curve), "never",
// or `reached` of the point where the target was met.
std::string TargetText(const LeaderboardEntry& e, size_t k,
                       const std::function<std::string(const ReportRun::Point&)>& reached);

// "best of 4 by val_bpd" where validation chose `e` among its label's
// configurations; "" otherwise.
std::string SelectionNote(const Leaderboard& board, const LeaderboardEntry& e);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_LEADERBOARD_H_

// The report's leaderboard (src/report/leaderboard): rank order by the
// metric's direction, ties where 95% intervals overlap the leader's, groups
// without a finished run last, cost ratios, and time to target computed by
// hand on fixture curves, "never" included.
#include <gtest/gtest.h>

#include "src/report/leaderboard.h"

namespace ebm {
namespace {

using Points = std::vector<ReportRun::Point>;

ReportGroup Group(const std::string& method, std::vector<double> finals, const Points& curve,
                  double ms_per_step, const std::string& dataset = "moons") {
  ReportGroup g;
  g.group.method = g.group.label = method;
  g.group.task = "toy2d";
  if (!finals.empty()) g.group.metrics["test_ll"] = finals;
  g.group.runs = g.group.finished = static_cast<int>(finals.size());
  if (finals.empty()) g.group.runs = g.group.collapsed = 2;
  g.task_settings = "\"toy2d\"{\"dataset\":\"" + dataset + "\"}";
  g.mean_step_ms = ms_per_step;
  for (int seed = 0; seed < 2; ++seed) {
    ReportRun run;
    run.record.status = finals.empty() ? RunStatus::kCollapsed : RunStatus::kFinished;
    run.curves["test_ll"] = curve;
    g.runs.push_back(run);
  }
  return g;
}

ReportTask Fixture() {
  ReportTask task;
  task.description.name = "toy2d";
  task.description.primary_metric = "test_ll";
  task.description.metrics = {{"test_ll", MetricDirection::kHigherIsBetter, "nats", ""}};
  task.description.reference.method = "exact_ml";
  // exact_ml: -5 untrained, -2 at the end: 50% of the gain is -3.5, 90% -2.3.
  const Points reference = {{0, 0, -5}, {100, 1, -3}, {200, 2, -2.2}, {300, 3, -2.0}};
  const Points slower = {{0, 0, -5}, {100, 2, -4}, {200, 4, -3.4}, {300, 6, -3.2}};
  task.groups.push_back(Group("nce", {-3.0, -3.01}, slower, 1.0));
  task.groups.push_back(Group("exact_ml", {-2.0, -2.01}, reference, 4.0));
  task.groups.push_back(Group("broken", {}, slower, 2.0));
  task.groups.push_back(Group("pcd", {-2.02, -2.03}, slower, 2.0));
  task.groups.push_back(Group("pcd", {-1.0}, slower, 2.0, "8gaussians"));
  return task;
}

TEST(TimeToTarget, IsTheFirstEvaluationPastTheFractionOfTheReferenceGain) {
  const Points curve = {{0, 0, -5}, {100, 1.5, -3.6}, {200, 3, -3.5}, {300, 4.5, -2.0}};
  auto half = TimeToTarget(curve, -5, -2, 0.5, true);
  ASSERT_TRUE(half);
  EXPECT_EQ(half->step, 200);  // -3.5 reaches -5 + 0.5 * 3 exactly
  EXPECT_DOUBLE_EQ(half->seconds, 3);
  EXPECT_EQ(TimeToTarget(curve, -5, -2, 0.9, true)->step, 300);
  EXPECT_FALSE(TimeToTarget(curve, -5, -1, 0.9, true));  // -1.4 never reached
  // Lower is better: bits per dim from 8 down to 4; 50% is 6.
  const Points bpd = {{0, 0, 8}, {10, 1, 6.5}, {20, 2, 5.9}};
  EXPECT_EQ(TimeToTarget(bpd, 8, 4, 0.5, false)->step, 20);
  // No gain to make: no target.
  EXPECT_FALSE(TimeToTarget(bpd, 8, 9, 0.5, false));
}

TEST(MeanCurve, AveragesSeedsStepByStep) {
  ReportGroup g = Group("x", {1}, {{0, 0, -4}, {10, 2, -2}}, 1);
  g.runs[1].curves["test_ll"] = {{0, 1, -2}, {10, 4, -1}, {20, 6, -0.5}};
  Points mean = MeanCurve(g, "test_ll");
  ASSERT_EQ(mean.size(), 3u);
  EXPECT_DOUBLE_EQ(mean[0].value, -3);
  EXPECT_DOUBLE_EQ(mean[1].seconds, 3);
  EXPECT_DOUBLE_EQ(mean[2].value, -0.5);  // only the seed that got there
}

TEST(Leaderboard, RanksTiesCostsAndTimesToTarget) {
  const ReportTask task = Fixture();
  std::vector<Leaderboard> boards = BuildLeaderboards(task);
  ASSERT_EQ(boards.size(), 2u);  // moons, 8gaussians
  const Leaderboard& moons = boards[0];
  EXPECT_EQ(moons.task_settings, "dataset=moons");
  ASSERT_EQ(moons.entries.size(), 4u);
  auto name = [&](size_t i) { return task.groups[moons.entries[i].group].group.label; };
  EXPECT_EQ(name(0), "exact_ml");
  EXPECT_EQ(name(1), "pcd");
  EXPECT_EQ(name(2), "nce");
  EXPECT_EQ(name(3), "broken");
  EXPECT_EQ(moons.entries[0].rank, 1);
  EXPECT_EQ(moons.entries[3].rank, 0);  // no finished run: unranked
  // n = 2: exact_ml [-2.07, -1.94], pcd [-2.09, -1.96] overlap; nce's
  // [-3.07, -2.94] does not.
  EXPECT_FALSE(moons.entries[0].tied_with_leader);
  EXPECT_TRUE(moons.entries[1].tied_with_leader);
  EXPECT_FALSE(moons.entries[2].tied_with_leader);
  EXPECT_DOUBLE_EQ(moons.entries[0].cost_ratio, 4.0);  // nce's 1 ms is the fastest
  EXPECT_DOUBLE_EQ(moons.entries[2].cost_ratio, 1.0);

  EXPECT_EQ(moons.reference, "exact_ml");
  ASSERT_EQ(moons.entries[0].to_target.size(), 2u);
  EXPECT_EQ(moons.entries[0].to_target[0]->step, 100);  // -3 >= -3.5
  EXPECT_DOUBLE_EQ(moons.entries[0].to_target[0]->seconds, 1);
  EXPECT_EQ(moons.entries[0].to_target[1]->step, 200);  // -2.2 >= -2.3
  EXPECT_EQ(moons.entries[1].to_target[0]->step, 200);  // -3.4 >= -3.5, at 4 s
  EXPECT_DOUBLE_EQ(moons.entries[1].to_target[0]->seconds, 4);
  EXPECT_FALSE(moons.entries[1].to_target[1]);  // -3.2 never reaches -2.3

  // A setting without the reference method has no time to target.
  EXPECT_EQ(boards[1].task_settings, "dataset=8gaussians");
  EXPECT_EQ(boards[1].reference, "");
  EXPECT_TRUE(boards[1].entries[0].to_target.empty());
}

// A sweep: pcd ran two configurations; with a validation metric only the
// one validation prefers is ranked (the test metric says the other is
// better: it must not matter).
TEST(Leaderboard, RanksEachMethodAtTheConfigurationValidationChose) {
  ReportTask task = Fixture();
  task.description.selection_metric = "val_ll";
  task.description.metrics.push_back({"val_ll", MetricDirection::kHigherIsBetter, "nats", ""});
  ReportGroup other = Group("pcd", {-1.5, -1.5}, {{0, 0, -5}}, 2.0);  // better on test
  other.group.config = "lr=0.01";
  other.group.metrics["val_ll"] = {-9.0, -9.0};                       // worse on validation
  task.groups[3].group.metrics["val_ll"] = {-2.0, -2.0};
  task.groups.push_back(other);
  const Leaderboard moons = BuildLeaderboards(task)[0];
  EXPECT_EQ(moons.selected_by, "val_ll");
  ASSERT_EQ(moons.entries.size(), 4u);
  const LeaderboardEntry* pcd = nullptr;
  for (const LeaderboardEntry& e : moons.entries)
    if (task.groups[e.group].group.label == "pcd") pcd = &e;
  ASSERT_NE(pcd, nullptr);
  EXPECT_EQ(pcd->group, 3u);  // not the lr=0.01 one
  EXPECT_EQ(pcd->configurations, 2);
  EXPECT_EQ(pcd->rank, 2);
}

TEST(Leaderboard, NoTargetWithoutAGainAndCurvelessGroupsShowNone) {
  ReportTask task = Fixture();
  // The reference got worse: no target for anyone (not "never" for all).
  for (ReportRun& run : task.groups[1].runs)
    run.curves["test_ll"] = {{0, 0, -2}, {300, 3, -5}};
  const Leaderboard moons = BuildLeaderboards(task)[0];
  EXPECT_EQ(moons.reference, "");
  for (const LeaderboardEntry& e : moons.entries) EXPECT_TRUE(e.to_target.empty());
  // The collapsed group has no finished curve: no entry, not "never".
  const Leaderboard fine = BuildLeaderboards(Fixture())[0];
  EXPECT_TRUE(fine.entries[3].to_target.empty());
}

TEST(Leaderboard, ValidationSelectionPrefersConfigurationsWhoseRunsAllFinished) {
  ReportTask task = Fixture();
  task.description.selection_metric = "val_ll";
  task.description.metrics.push_back({"val_ll", MetricDirection::kHigherIsBetter, "nats", ""});
  task.groups[3].group.metrics["val_ll"] = {-2.0, -2.0};
  ReportGroup lucky = Group("pcd", {-1.5}, {{0, 0, -5}}, 2.0);  // 1 of 2 finished
  lucky.group.config = "lr=0.01";
  lucky.group.runs = 2;
  lucky.group.metrics["val_ll"] = {-1.0};  // the survivor looks better
  task.groups.push_back(lucky);
  const Leaderboard moons = BuildLeaderboards(task)[0];
  for (const LeaderboardEntry& e : moons.entries)
    if (task.groups[e.group].group.label == "pcd") EXPECT_EQ(e.group, 3u);
  // Without any validation value nothing is chosen: both are ranked.
  task.groups[3].group.metrics.erase("val_ll");
  task.groups.back().group.metrics.erase("val_ll");
  const Leaderboard unchosen = BuildLeaderboards(task)[0];
  EXPECT_EQ(unchosen.selected_by, "");
  EXPECT_EQ(unchosen.entries.size(), 5u);
}

}  // namespace
}  // namespace ebm

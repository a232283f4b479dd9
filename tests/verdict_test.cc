// Statistics against published values, and verdicts on synthetic samples
// with known shifts; A/A comparisons stay under a stated false-positive rate.
#include <gtest/gtest.h>

#include <iostream>
#include <random>

#include "src/report/significance.h"
#include "src/report/verdict.h"

namespace ebm {
namespace {

TEST(SignificanceTest, StudentIntervalMatchesTheTable) {
  // mean 3, s = sqrt(2.5), t(4, 0.975) = 2.776445 (any t table).
  MeanInterval i = MeanConfidenceInterval({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(i.mean, 3);
  EXPECT_NEAR(i.high - i.mean, 2.776445 * std::sqrt(2.5 / 5), 1e-5);
  EXPECT_NEAR(i.mean - i.low, i.high - i.mean, 1e-12);
  MeanInterval one = MeanConfidenceInterval({7});
  EXPECT_TRUE(std::isinf(one.low) && std::isinf(one.high));
}

TEST(SignificanceTest, PredictionIntervalIsWiderByTheNewValuesVariance) {
  // s = sqrt(2.5), n = 5: half width t(4) * s * sqrt(1 + 1/5).
  MeanInterval p = PredictionInterval({1, 2, 3, 4, 5});
  EXPECT_NEAR(p.high - p.mean, 2.776445 * std::sqrt(2.5) * std::sqrt(1.2), 1e-5);
}

TEST(SignificanceTest, ExactMannWhitneyMatchesCombinatorics) {
  // Complete separation: only 2 of C(10, 5) = 252 arrangements are as extreme.
  MannWhitneyResult r = MannWhitneyU({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10});
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.u, 0);
  EXPECT_NEAR(r.p_value, 2.0 / 252, 1e-12);
  EXPECT_NEAR(MannWhitneyU({4, 5, 6}, {1, 2, 3}).p_value, 2.0 / 20, 1e-12);
  // U = 1 of 3 x 3: P(U <= 1) = 2/20, two-sided 0.2.
  MannWhitneyResult one = MannWhitneyU({1, 3, 2.5}, {2, 4, 5});
  EXPECT_EQ(one.u, 2);
  EXPECT_NEAR(one.p_value, 2.0 * 4 / 20, 1e-12);  // P(U <= 2) = 4/20
  // Two values each can never reach p < 0.05: the smallest p is 1/3.
  EXPECT_NEAR(MannWhitneyU({1, 2}, {3, 4}).p_value, 1.0 / 3, 1e-12);
}

TEST(SignificanceTest, NormalApproximationAgreesWithExactForModerateSamples) {
  std::mt19937 rng(5);
  std::normal_distribution<double> normal;
  std::vector<double> a, b;
  for (int i = 0; i < 20; ++i) {
    a.push_back(normal(rng));
    b.push_back(normal(rng) + 0.7);
  }
  MannWhitneyResult exact = MannWhitneyU(a, b);
  ASSERT_TRUE(exact.exact);
  MannWhitneyResult approx = MannWhitneyU(a, b, /*allow_exact=*/false);
  ASSERT_FALSE(approx.exact);
  EXPECT_EQ(approx.u, exact.u);
  EXPECT_NEAR(approx.p_value, exact.p_value, 0.005);
  EXPECT_DOUBLE_EQ(MannWhitneyU({2, 2, 2}, {2, 2, 2}).p_value, 1.0);
}

JudgeSettings Settings() { return JudgeSettings{}; }

std::vector<double> Draw(std::mt19937& rng, int n, double mean, double sd) {
  std::normal_distribution<double> normal(mean, sd);
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(normal(rng));
  return v;
}

TEST(VerdictTest, KnownShiftsGiveTheRightVerdict) {
  std::mt19937 rng(1);
  // Higher is better: a drop of 3 sd (well above 1% of |mean|) regresses.
  auto base = Draw(rng, 8, -3.0, 0.05);
  auto worse = Draw(rng, 8, -3.15, 0.05);
  auto better = Draw(rng, 8, -2.85, 0.05);
  auto same = Draw(rng, 8, -3.0, 0.05);
  EXPECT_EQ(Judge(base, worse, MetricDirection::kHigherIsBetter, Settings()).verdict,
            Verdict::kRegressed);
  EXPECT_EQ(Judge(base, better, MetricDirection::kHigherIsBetter, Settings()).verdict,
            Verdict::kImproved);
  EXPECT_EQ(Judge(base, same, MetricDirection::kHigherIsBetter, Settings()).verdict,
            Verdict::kUnchanged);
  // Lower is better flips the reading of the same shift.
  EXPECT_EQ(Judge(base, worse, MetricDirection::kLowerIsBetter, Settings()).verdict,
            Verdict::kImproved);
  // A large shift drowned in noise is inconclusive, not a regression.
  auto noisy_base = Draw(rng, 8, -3.0, 2.0);
  auto noisy_worse = Draw(rng, 8, -3.2, 2.0);
  Judgement noisy = Judge(noisy_base, noisy_worse, MetricDirection::kHigherIsBetter, Settings());
  EXPECT_EQ(noisy.verdict, Verdict::kInconclusive) << noisy.evidence;
  // Two seeds: disjoint confidence intervals decide.
  EXPECT_EQ(Judge({-2.90, -2.91}, {-4.50, -4.52}, MetricDirection::kHigherIsBetter,
                  Settings()).verdict,
            Verdict::kRegressed);
  // Two broken seeds far apart from each other but both far below.
  Judgement scattered = Judge({-2.897, -2.88}, {-1e5, -1.9e6},
                              MetricDirection::kHigherIsBetter, Settings());
  EXPECT_EQ(scattered.verdict, Verdict::kRegressed) << scattered.evidence;
  EXPECT_EQ(Judge({-2.90, -2.91}, {-2.90, -2.91}, MetricDirection::kHigherIsBetter,
                  Settings()).verdict,
            Verdict::kUnchanged);
  EXPECT_EQ(Judge({}, {-2.9}, MetricDirection::kHigherIsBetter, Settings()).verdict,
            Verdict::kIncomparable);
  EXPECT_EQ(Judge({-2.9}, {-3.9}, MetricDirection::kHigherIsBetter, Settings()).verdict,
            Verdict::kInconclusive);
}

// Identical distributions compared many times: the share called
// "regressed" must stay at or below alpha / 2 = 2.5% (the test is two-sided
// and only one side is a regression), with room for Monte-Carlo error
// (sd 0.35% over 2000 trials), on both evidence paths.
TEST(VerdictTest, AAComparisonsStayUnderTheStatedFalsePositiveRate) {
  std::mt19937 rng(7);
  for (int n : {2, 3, 5, 10}) {
    int regressed = 0;
    const int trials = 2000;
    for (int t = 0; t < trials; ++t) {
      // sd 1 around 10: the 1% minimum effect is 0.1 sd, no protection.
      auto a = Draw(rng, n, 10.0, 1.0);
      auto b = Draw(rng, n, 10.0, 1.0);
      regressed += Judge(a, b, MetricDirection::kHigherIsBetter, Settings()).verdict ==
                   Verdict::kRegressed;
    }
    std::cout << "A/A, n = " << n << ": " << regressed << " of " << trials
              << " called regressed\n";
    EXPECT_LE(regressed / 2000.0, 0.025 + 0.01) << "n = " << n;
  }
}

}  // namespace
}  // namespace ebm

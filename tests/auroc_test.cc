// AUROC against hand-computed cases (ties count one half) and against the
// brute-force pair count on random scores with many ties.
#include "src/metrics/auroc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace ebm {
namespace {

TEST(AurocTest, HandComputedCases) {
  EXPECT_DOUBLE_EQ(Auroc({3, 4}, {1, 2}), 1.0);
  EXPECT_DOUBLE_EQ(Auroc({1}, {2}), 0.0);
  EXPECT_DOUBLE_EQ(Auroc({1, 1}, {1}), 0.5);
  // Pairs: (.9,.5) 1, (.9,.1) 1, (.5,.5) 1/2, (.5,.1) 1 -> 3.5 / 4.
  EXPECT_DOUBLE_EQ(Auroc({0.9, 0.5}, {0.5, 0.1}), 0.875);
  // Interleaved: positives 2, 4 against negatives 1, 3, 5 -> 3 of 6 pairs.
  EXPECT_DOUBLE_EQ(Auroc({2, 4}, {1, 3, 5}), 0.5);
  EXPECT_DOUBLE_EQ(Auroc({-INFINITY, INFINITY}, {0}), 0.5);
}

TEST(AurocTest, EqualsTheBruteForcePairCountWithTies) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(0, 9);  // many ties
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> pos(1 + trial * 3), neg(2 + trial * 5);
    for (double& s : pos) s = value(rng) + 1;  // shifted: positives rank higher
    for (double& s : neg) s = value(rng);
    double wins = 0;
    for (double p : pos)
      for (double n : neg) wins += p > n ? 1.0 : p == n ? 0.5 : 0.0;
    EXPECT_NEAR(Auroc(pos, neg), wins / (pos.size() * neg.size()), 1e-12) << trial;
  }
}

TEST(AurocTest, RejectsEmptySetsAndNaN) {
  EXPECT_THROW(Auroc({}, {1}), std::invalid_argument);
  EXPECT_THROW(Auroc({1}, {}), std::invalid_argument);
  EXPECT_THROW(Auroc({NAN}, {1}), std::invalid_argument);
}

}  // namespace
}  // namespace ebm

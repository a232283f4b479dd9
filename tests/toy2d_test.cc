// The toy 2-D slice: data sets are seeded and inside the normalization box;
// within the smoke suite's budget every method raises the exact test
// log-likelihood above the untrained model's, none beats exact maximum
// likelihood, and VERA comes within a stated margin of it. One test per
// density, in two shards.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "src/core/random_streams.h"
#include "src/core/summary_stats.h"
#include "src/data/toy2d.h"
#include "tests/test_suites.h"

namespace ebm {
namespace {

TEST(Toy2dDataTest, SeededInsideTheBoxAndDistinct) {
  for (const std::string& name : Toy2dDatasetNames()) {
    at::Generator g1 = MakeGenerator(11, torch::kCPU);
    at::Generator g2 = MakeGenerator(11, torch::kCPU);
    at::Generator g3 = MakeGenerator(12, torch::kCPU);
    torch::Tensor a = SampleToy2d(name, 5000, g1);
    torch::Tensor b = SampleToy2d(name, 5000, g2);
    torch::Tensor c = SampleToy2d(name, 5000, g3);
    ASSERT_EQ(a.sizes(), (std::vector<int64_t>{5000, 2})) << name;
    EXPECT_TRUE(torch::equal(a, b)) << name << " is not reproducible";
    EXPECT_FALSE(torch::equal(a, c)) << name << " ignores the seed";
    EXPECT_LT(a.abs().max().item<double>(), 5.0) << name << " leaves the box";
    EXPECT_GT(a.std().item<double>(), 0.5) << name;
  }
  at::Generator g = MakeGenerator(0, torch::kCPU);
  EXPECT_THROW(SampleToy2d("spirals?", 10, g), std::invalid_argument);
}

TEST(Toy2dDataTest, EightGaussiansHasItsModes) {
  at::Generator g = MakeGenerator(3, torch::kCPU);
  torch::Tensor x = SampleToy2d("8gaussians", 20000, g);
  // Radius 2 sqrt 2, component std 0.35: mean radius close to 2.83 and
  // every octant populated about equally.
  EXPECT_NEAR(x.norm(2, 1).mean().item<double>(), 2.0 * std::sqrt(2.0), 0.05);
  torch::Tensor angle = torch::atan2(x.select(1, 1), x.select(1, 0));
  torch::Tensor octant = torch::round(angle / (M_PI / 4)).remainder(8).to(torch::kLong);
  torch::Tensor counts = torch::bincount(octant, {}, 8).to(torch::kDouble) / 20000;
  EXPECT_LT((counts - 0.125).abs().max().item<double>(), 0.015);
}

// The smoke suite's seed-0 runs on one density, with three changes that
// keep every assertion below and cut the test's time (issue 18: the test
// command within a minute):
//  - the grids are coarser: exact ML trains on a 64^2 grid (128^2 in the
//    suite) and the evaluation integrates on 128^2 (256^2). Exact ML is
//    almost all grid work; at 64^2 it still ends within 0.01 nats of its
//    128^2 result on moons and above -3.1 on 8 gaussians. No other method
//    reads train_grid, so their training is unchanged; the midpoint rule
//    at 128^2 integrates these smooth densities to well under the 0.05 nat
//    tolerances below (tests/grid_normalizer_test.cc).
//  - VERA runs on to 2000 steps for the margin test below. A run's first
//    1000 steps do not depend on how many follow (same seed, same streams,
//    no schedule on the length), so the smoke-budget assertions read each
//    run's evaluations up to its smoke budget and the margin test reads
//    VERA's last ones: one set of runs serves both.
//  - VERA-HMC stops at 100 steps, the entropy-free generator at 500 and
//    pcd-jem at 100: within the smoke budget they are only asserted to end
//    finished or collapsed and below exact ML (VERA-HMC does not learn
//    these densities reliably in 1000 steps), and not to fall (the
//    generator without an entropy term improves only slowly; JEM's sampler
//    keeps exp(f) nearly flat by design, see below), which the shorter
//    runs check as well at a tenth, a half and a fifth of the cost. (Seed
//    0, moons and 8 gaussians: VERA-HMC's likelihood is at -7.4 and -8.4
//    by step 100; the generator has gained 0.12 and 0.21 nats by step
//    500; pcd-jem's evaluations to step 500 stay 0.10-0.14 nats above its
//    start on moons and within 0.02 of it on 8 gaussians.)
struct SliceResult {
  // At the run's (test) budget: the evaluation there, at step 0, and the
  // best after step 0 up to it.
  std::map<std::string, double> test_ll, first_ll, best_ll;
  std::vector<double> vera_tail;  // VERA's last evaluations of its long run
  std::set<std::string> collapsed;  // VERA-HMC runs the toy task's rule stopped
};

constexpr int64_t kVeraMarginSteps = 2000;
constexpr int64_t kVeraHmcSteps = 100;
constexpr int64_t kNoEntropySteps = 500;
constexpr int64_t kPcdJemSteps = 100;
constexpr size_t kVeraTailEvaluations = 5;  // steps 1600..2000

// VERA-HMC at the smoke budget does not learn these densities reliably; a
// run whose likelihood stays e^5 below the untrained model's for three
// evaluations is recorded collapsed, which is what it is. Every other
// method must finish.
bool MayCollapse(const std::string& label) { return label == "vera_hmc"; }

SliceResult RunSmokeSlice(const std::string& dataset) {
  SuiteParseResult parsed =
      ParseSuiteFile("suites/smoke.yaml", Registries::Default().Catalog());
  EXPECT_TRUE(parsed.ok()) << parsed.errors[0];
  Suite suite = parsed.suite;
  std::vector<RunSpec> selected;
  std::map<std::string, int64_t> budget;  // the steps each assertion reads, by label
  for (RunSpec spec : suite.runs) {
    if (spec.seed != 0 || spec.task_params.GetString("dataset") != dataset) continue;
    spec.task_params.Set("train_grid", int64_t{64});
    spec.task_params.Set("eval_grid", int64_t{128});
    budget[spec.label] = spec.run.GetInt("steps");
    if (spec.label == "vera") spec.run.Set("steps", kVeraMarginSteps);
    for (const auto& [label, steps] : {std::pair{"vera_hmc", kVeraHmcSteps},
                                       std::pair{"generator_no_entropy", kNoEntropySteps},
                                       std::pair{"pcd-jem", kPcdJemSteps}}) {
      if (spec.label != label) continue;
      spec.run.Set("steps", steps);
      budget[spec.label] = steps;
    }
    selected.push_back(spec);
  }
  suite.runs = selected;
  FreshSuiteRun run = RunSuiteInFreshStore("toy2d_" + dataset, suite);
  const SuiteOutcome& outcome = run.outcome;
  ResultStore& store = *run.store;
  SliceResult result;
  EXPECT_EQ(outcome.runs.size(), suite.runs.size());
  for (size_t i = 0; i < outcome.runs.size(); ++i) {
    const RunOutcome& r = outcome.runs[i];  // in the suite's order
    const std::string& key = suite.runs[i].label;
    if (r.outcome == "collapsed" && MayCollapse(key)) {
      result.collapsed.insert(key);
      continue;
    }
    EXPECT_EQ(r.outcome, "finished") << key << ": " << store.GetRun(r.run_id)->error_text;
    if (r.outcome != "finished") continue;
    result.best_ll[key] = -1e9;
    std::vector<double> evaluations;
    for (const MetricRecord& m : store.Metrics(r.run_id)) {
      if (m.name != "test_ll") continue;
      evaluations.push_back(m.value);
      if (m.step > budget[key]) continue;
      if (m.step == 0) result.first_ll[key] = m.value;
      if (m.step == budget[key]) result.test_ll[key] = m.value;
      if (m.step > 0) result.best_ll[key] = std::max(result.best_ll[key], m.value);
    }
    EXPECT_EQ(result.test_ll.count(key), 1u) << key << ": no evaluation at its budget";
    if (key == "vera" && evaluations.size() >= kVeraTailEvaluations)
      result.vera_tail.assign(evaluations.end() - kVeraTailEvaluations, evaluations.end());
  }
  return result;
}

// One density per test, so that Bazel's two shards run the two densities
// side by side (tests/BUILD: shard_count).
class Toy2dSliceTest : public ::testing::TestWithParam<std::string> {};

// Within the smoke budget every method raises the exact test likelihood
// above the untrained model's and none beats exact ML; VERA, run on to 2000
// steps, comes within a stated margin of exact ML.
TEST_P(Toy2dSliceTest, EveryMethodLearnsAndVeraNearsExactMl) {
  const std::string dataset = GetParam();
  SliceResult r = RunSmokeSlice(dataset);
  ASSERT_EQ(r.test_ll.size() + r.collapsed.size(), 10u);  // 10 methods
  for (const std::string& key : r.collapsed) std::printf("%-22s collapsed\n", key.c_str());
  std::printf("%-22s %-11s %8s %8s %8s\n", "method", "dataset", "step 0", "best", "budget");
  for (const auto& [key, ll] : r.test_ll) {
    std::printf("%-22s %-11s %8.3f %8.3f %8.3f\n", key.c_str(), dataset.c_str(),
                r.first_ll[key], r.best_ll[key], ll);
    // The untrained model is near-uniform on [-5, 5]^2: log(1/100) = -4.6.
    EXPECT_NEAR(r.first_ll[key], -4.6, 0.3) << key;
    // A sign error anywhere makes the likelihood fall instead.
    //
    // Three runs are guarded differently, and say why. pcd-jem is the pcd
    // method with JEM's sampler (a = 1, s = 0.01), which samples at
    // temperature s^2 / 2a = 5e-5: its exp(f) stays nearly flat by design,
    // so it must only not fall (its best evaluation after step 0 stays
    // within 0.05 nats of the start); the same code learns as pcd-langevin.
    // The entropy-free generator shares VERA's code path and, without an
    // entropy term, improves only slowly: it must only not fall either.
    // VERA-HMC (VERA's path with another entropy estimator, tested against
    // the closed form) does not improve the likelihood reliably within the
    // budget, the paper's point: it must finish or be recorded collapsed,
    // and stay below exact ML.
    if (key == "pcd-jem" || key == "generator_no_entropy") {
      EXPECT_GT(r.best_ll[key], r.first_ll[key] - 0.05) << key << " fell";
    } else if (key != "vera_hmc") {
      EXPECT_GT(ll, r.first_ll[key] + 0.2) << key << " did not learn";
    }
    // Maximum likelihood is the ceiling: no method beats it by more than
    // evaluation noise.
    EXPECT_LE(ll, r.test_ll["exact_ml"] + 0.05) << key;
  }
  if (dataset == "8gaussians") {
    // The true 8-gaussians density's entropy is 2.82 nats: ML gets within 0.3.
    EXPECT_GT(r.test_ll["exact_ml"], -3.1);
    // Proper Langevin PCD learns a density; JEM's a = 1, s = 0.01 sampler
    // samples at temperature s^2 / 2a = 5e-5, so its exp(f) stays nearly flat.
    EXPECT_GT(r.test_ll["pcd-langevin"], r.test_ll["pcd-jem"] + 0.5);
  }

  // VERA (lambda = 1) with the smoke suite's settings, 2000 steps, against
  // exact ML at its smoke budget (500 steps, already within 0.1-0.3 nats of
  // the true entropy). VERA's adversarial dynamics still oscillate at this
  // budget, and one evaluation moves by half a nat when a single rounding
  // changes (a reordered division did, stop 31), so the margin is read on
  // the median of VERA's last five evaluations (steps 1600-2000). The
  // margin, 0.9 nats, is the measured gap (about 0.4 on 8 gaussians, 0.6 on
  // moons; seed 0) plus room for platform differences.
  ASSERT_EQ(r.vera_tail.size(), kVeraTailEvaluations);
  const double vera = Summarize(r.vera_tail).p50;  // the median
  const double ml = r.test_ll["exact_ml"];
  std::printf("%s: vera, median of its last %zu evaluations up to step %lld: %.3f "
              "(last %.3f); exact_ml %.3f\n",
              dataset.c_str(), kVeraTailEvaluations,
              static_cast<long long>(kVeraMarginSteps), vera, r.vera_tail.back(), ml);
  EXPECT_GT(vera, ml - 0.9) << dataset;
  EXPECT_LT(vera, ml + 0.05) << dataset;
}

INSTANTIATE_TEST_SUITE_P(SmokeDensities, Toy2dSliceTest,
                         ::testing::Values("8gaussians", "moons"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace ebm

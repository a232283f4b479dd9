// The toy 2-D slice: data sets are seeded and inside the normalization box;
// within the smoke suite's budget every method raises the exact test
// log-likelihood above the untrained model's, none beats exact maximum
// likelihood, and VERA comes within a stated margin of it.
#include "src/core/process_settings.h"
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "src/core/random_streams.h"
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

// Runs the smoke suite's runs that `keep` selects (with `edit` applied)
// into a fresh store; returns each run's final and step-0 test_ll by
// "label dataset".
struct SliceResult {
  std::map<std::string, double> test_ll, first_ll, best_ll;  // best over evaluations
  std::set<std::string> collapsed;  // VERA-HMC runs the toy task's rule stopped
};

// VERA-HMC at the smoke budget does not learn these densities reliably; a
// run whose likelihood stays e^5 below the untrained model's for three
// evaluations is recorded collapsed, which is what it is. Every other
// method must finish.
bool MayCollapse(const std::string& key) { return key.rfind("vera_hmc", 0) == 0; }

template <typename Keep, typename Edit>
SliceResult RunSmokeSlice(const std::string& name, Keep keep, Edit edit) {
  ConfigureProcess(1);
  SuiteParseResult parsed =
      ParseSuiteFile("suites/smoke.yaml", Registries::Default().Catalog());
  EXPECT_TRUE(parsed.ok()) << parsed.errors[0];
  Suite suite = parsed.suite;
  std::vector<RunSpec> selected;
  for (RunSpec spec : suite.runs) {
    if (!keep(spec)) continue;
    edit(spec);
    selected.push_back(spec);
  }
  suite.runs = selected;
  FreshSuiteRun run = RunSuiteInFreshStore(name, suite);
  const SuiteOutcome& outcome = run.outcome;
  ResultStore& store = *run.store;
  SliceResult result;
  EXPECT_EQ(outcome.runs.size(), suite.runs.size());
  for (size_t i = 0; i < outcome.runs.size(); ++i) {
    const RunOutcome& r = outcome.runs[i];  // in the suite's order
    const std::string key = suite.runs[i].label + " " +
                            suite.runs[i].task_params.GetString("dataset");
    if (r.outcome == "collapsed" && MayCollapse(key)) {
      result.collapsed.insert(key);
      continue;
    }
    EXPECT_EQ(r.outcome, "finished") << key << ": " << store.GetRun(r.run_id)->error_text;
    if (r.outcome != "finished") continue;
    result.test_ll[key] = r.final_metrics.at("test_ll");
    result.best_ll[key] = -1e9;
    for (const MetricRecord& m : store.Metrics(r.run_id)) {
      if (m.name != "test_ll") continue;
      if (m.step == 0) result.first_ll[key] = m.value;
      result.best_ll[key] = std::max(result.best_ll[key], m.value);
    }
  }
  return result;
}

TEST(Toy2dSliceTest, EveryMethodLearnsWithinTheSmokeBudget) {
  SliceResult r = RunSmokeSlice(
      "toy2d_all", [](const RunSpec& spec) { return spec.seed == 0; },
      [](RunSpec&) {});
  ASSERT_EQ(r.test_ll.size() + r.collapsed.size(), 20u);  // 10 methods x 2 densities
  for (const std::string& key : r.collapsed) std::printf("%-34s collapsed\n", key.c_str());
  std::printf("%-22s %-11s %8s %8s\n", "method", "dataset", "step 0", "final");
  for (const auto& [key, ll] : r.test_ll) {
    std::printf("%-34s %8.3f %8.3f\n", key.c_str(), r.first_ll[key], ll);
    // The untrained model is near-uniform on [-5, 5]^2: log(1/100) = -4.6.
    EXPECT_NEAR(r.first_ll[key], -4.6, 0.3) << key;
    // A sign error anywhere makes the likelihood fall instead.
    //
    // Three runs are guarded differently, and say why. pcd-jem is the pcd
    // method with JEM's sampler (a = 1, s = 0.01), which samples at
    // temperature s^2 / 2a = 5e-5: its exp(f) stays nearly flat by design;
    // the same code learns as pcd-langevin. VERA-HMC and the entropy-free
    // generator share VERA's code path (only the entropy estimator differs,
    // and it is tested against the closed form); within 1000 steps they do
    // not yet improve the likelihood reliably (the paper's point: VERA's
    // estimator is what trains stably), so for them the guard is weaker: a
    // finished run has not fallen below its start (and VERA-HMC may be
    // recorded collapsed, see MayCollapse).
    const bool flat_by_design = key.rfind("pcd-jem", 0) == 0;
    const bool slow_generator = key.rfind("vera_hmc", 0) == 0 ||
                                key.rfind("generator_no_entropy", 0) == 0;
    if (flat_by_design || slow_generator) {
      EXPECT_GT(r.best_ll[key], r.first_ll[key] - 0.05) << key << " collapsed";
    } else {
      EXPECT_GT(ll, r.first_ll[key] + 0.2) << key << " did not learn";
    }
  }
  for (const std::string dataset : {"8gaussians", "moons"}) {
    // Maximum likelihood is the ceiling: no method beats it by more than
    // evaluation noise.
    for (const auto& [key, ll] : r.test_ll)
      EXPECT_LE(ll, r.test_ll["exact_ml " + dataset] + 0.05 +
                        (key.find(dataset) == std::string::npos ? 100 : 0))
          << key;
  }
  // The true 8-gaussians density's entropy is 2.82 nats: ML gets within 0.3.
  EXPECT_GT(r.test_ll["exact_ml 8gaussians"], -3.1);
  // Proper Langevin PCD learns a density; JEM's a = 1, s = 0.01 sampler
  // samples at temperature s^2 / 2a = 5e-5, so its exp(f) stays nearly flat.
  EXPECT_GT(r.test_ll["pcd-langevin 8gaussians"], r.test_ll["pcd-jem 8gaussians"] + 0.5);
}

TEST(Toy2dSliceTest, VeraComesWithinAMarginOfExactMaximumLikelihood) {
  // VERA (lambda = 1) with the smoke suite's settings, 2000 steps, against
  // exact ML at its smoke budget (500 steps, already within 0.1-0.3 nats of
  // the true entropy). The margin, 0.9 nats, is the measured gap (0.4 on 8
  // gaussians, 0.7 on moons; seed 0) plus room for platform differences:
  // VERA's adversarial dynamics still oscillate at this budget.
  SliceResult r = RunSmokeSlice(
      "toy2d_vera",
      [](const RunSpec& spec) {
        return spec.seed == 0 && (spec.label == "vera" || spec.label == "exact_ml");
      },
      [](RunSpec& spec) {
        if (spec.label == "vera") spec.run.Set("steps", int64_t{2000});
      });
  for (const std::string dataset : {"8gaussians", "moons"}) {
    const double vera = r.test_ll["vera " + dataset];
    const double ml = r.test_ll["exact_ml " + dataset];
    std::printf("%s: vera %.3f, exact_ml %.3f\n", dataset.c_str(), vera, ml);
    EXPECT_GT(vera, ml - 0.9) << dataset;
    EXPECT_LT(vera, ml + 0.05) << dataset;
  }
}

}  // namespace
}  // namespace ebm

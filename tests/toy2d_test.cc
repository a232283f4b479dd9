// The toy 2-D slice: data sets are seeded and inside the normalization box,
// and after the smoke suite's budget exact maximum likelihood beats PCD's
// exact test log-likelihood on 8 gaussians.
#include "src/core/process_settings.h"
#include <gtest/gtest.h>

#include <sstream>

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

TEST(Toy2dSliceTest, ExactMlBeatsPcdOnEightGaussiansWithinTheSmokeBudget) {
  ConfigureProcess(1);
  SuiteParseResult parsed =
      ParseSuiteFile("suites/smoke.yaml", Registries::Default().Catalog());
  ASSERT_TRUE(parsed.ok()) << parsed.errors[0];
  Suite suite = parsed.suite;
  std::vector<RunSpec> selected;
  for (const RunSpec& spec : suite.runs)
    if (spec.task_params.GetString("dataset") == "8gaussians" && spec.seed == 0)
      selected.push_back(spec);
  suite.runs = selected;
  ASSERT_EQ(suite.runs.size(), 3u);  // exact_ml, pcd-jem, pcd-langevin

  const std::string dir = FreshDir("toy2d_slice");
  ResultStore store(dir + "/r.sqlite");
  RunnerOptions options;
  options.artifacts_dir = dir + "/artifacts";
  std::ostringstream log;
  options.progress = &log;
  SuiteOutcome outcome = Runner(store, Registries::Default(), options).RunSuite(suite);
  std::map<std::string, double> test_ll, first_ll;
  for (const RunOutcome& r : outcome.runs) {
    ASSERT_EQ(r.outcome, "finished") << r.name;
    RunRecord run = *store.GetRun(r.run_id);
    test_ll[run.identity.label] = r.final_metrics.at("test_ll");
    for (const MetricRecord& m : store.Metrics(r.run_id))
      if (m.step == 0 && m.name == "test_ll") first_ll[run.identity.label] = m.value;
  }
  // The untrained model is near-uniform on [-5, 5]^2: log(1/100) = -4.6.
  EXPECT_NEAR(first_ll["exact_ml"], -4.6, 0.3);
  // The true density's entropy is 2.82 nats: ML gets within 0.3 of it.
  EXPECT_GT(test_ll["exact_ml"], -3.1);
  EXPECT_GT(test_ll["exact_ml"], test_ll["pcd-jem"]);
  EXPECT_GT(test_ll["exact_ml"], test_ll["pcd-langevin"]);
  // Proper Langevin PCD learns a density; JEM's a = 1, s = 0.01 sampler
  // samples at temperature s^2 / 2a = 5e-5, so its exp(f) stays nearly flat.
  EXPECT_GT(test_ll["pcd-langevin"], first_ll["pcd-langevin"] + 0.5);
  std::cout << "test_ll: exact_ml " << test_ll["exact_ml"] << ", pcd-langevin "
            << test_ll["pcd-langevin"] << ", pcd-jem " << test_ll["pcd-jem"] << "\n";
}

}  // namespace
}  // namespace ebm

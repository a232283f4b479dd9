// NICE: the log-determinant and log-likelihood equal a brute-force
// Jacobian's; the inverse inverts; exact samples have the flow's own
// statistics. Pixel transforms: the log-Jacobian behind bits/dim equals
// autograd's derivative. Task `nice` on a small fake MNIST: every method
// of the paper's comparison trains and records the final exact metrics.
#include "src/models/nice_flow.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "src/core/random_streams.h"
#include "src/data/idx_file.h"
#include "src/data/image_datasets.h"
#include "src/data/pixel_transform.h"
#include "tests/test_suites.h"

namespace ebm {
namespace {

NiceFlow MakeSmallFlow(int64_t dim) {
  torch::manual_seed(7);
  NiceConfig config;
  config.dim = dim;
  config.hidden = 8;
  config.hidden_layers = 2;
  config.couplings = 4;
  NiceFlow flow(config);
  flow->to(torch::kFloat64);
  torch::NoGradGuard no_grad;
  // Non-trivial scales, so the determinant is not 1.
  for (auto& p : flow->named_parameters())
    if (p.key() == "log_scale") p.value().copy_(torch::randn({dim}, torch::kFloat64) * 0.5);
  return flow;
}

// J[i][j] = d y_i / d x_j at x (one row), by autograd, row by row.
torch::Tensor BruteForceJacobian(NiceFlow& flow, const torch::Tensor& x) {
  const int64_t dim = x.size(1);
  torch::Tensor input = x.clone().requires_grad_(true);
  torch::Tensor y = flow->Forward(input);
  torch::Tensor jacobian = torch::zeros({dim, dim}, torch::kFloat64);
  for (int64_t i = 0; i < dim; ++i) {
    torch::Tensor grad = torch::autograd::grad({y[0][i]}, {input},
                                               /*grad_outputs=*/{}, /*retain_graph=*/true)[0];
    jacobian[i] = grad[0];
  }
  return jacobian;
}

TEST(NiceFlowTest, LogDeterminantAndLikelihoodEqualBruteForceJacobian) {
  for (int64_t dim : {6, 7}) {  // even and odd: halves of unequal size
    NiceFlow flow = MakeSmallFlow(dim);
    for (int trial = 0; trial < 3; ++trial) {
      torch::Tensor x = torch::randn({1, dim}, torch::kFloat64) * 2;
      torch::Tensor jacobian = BruteForceJacobian(flow, x);
      const double log_det = std::get<1>(torch::linalg::slogdet(jacobian)).item<double>();
      EXPECT_NEAR(flow->LogDet().item<double>(), log_det, 1e-10) << "dim " << dim;
      torch::Tensor y = flow->Forward(x);
      const double expected = -0.5 * dim * std::log(2 * M_PI) -
                              0.5 * y.pow(2).sum().item<double>() + log_det;
      EXPECT_NEAR(flow->LogProb(x).item<double>(), expected, 1e-10);
    }
    // The Jacobian is not diagonal: the couplings really couple.
    torch::Tensor jacobian = BruteForceJacobian(flow, torch::randn({1, dim}, torch::kFloat64));
    EXPECT_GT((jacobian - torch::diag(torch::diag(jacobian))).abs().max().item<double>(), 1e-3);
  }
}

// grad_x log p = -J^T y (the log-determinant does not depend on x), from
// the brute-force Jacobian; and bit for bit autograd's gradient in float32.
TEST(NiceFlowTest, LogProbGradientIsTheJacobiansAndAutogradsBitForBit) {
  for (int64_t dim : {6, 7}) {
    NiceFlow flow = MakeSmallFlow(dim);
    for (int trial = 0; trial < 3; ++trial) {
      torch::Tensor x = torch::randn({1, dim}, torch::kFloat64) * 2;
      torch::Tensor expected =
          -BruteForceJacobian(flow, x).t().mv(flow->Forward(x)[0]).detach();
      torch::Tensor grad = flow->LogProbGradient(x);
      EXPECT_LT((grad[0] - expected).abs().max().item<double>(), 1e-10) << "dim " << dim;
    }
  }
  for (int64_t hidden_layers : {0, 1, 3}) {
    torch::manual_seed(3);
    NiceConfig config;
    config.dim = 13;
    config.hidden = 32;
    config.hidden_layers = hidden_layers;
    config.couplings = 3;
    NiceFlow flow(config);
    {
      torch::NoGradGuard no_grad;
      flow->named_parameters()["log_scale"].copy_(torch::randn({config.dim}) * 0.3);
    }
    torch::Tensor x = torch::randn({50, config.dim}) * 2;
    torch::Tensor input = x.clone().requires_grad_(true);
    torch::Tensor autograd = torch::autograd::grad({flow->LogProb(input).sum()}, {input})[0];
    torch::Tensor grad = flow->LogProbGradient(x);
    EXPECT_FALSE(grad.requires_grad());
    EXPECT_TRUE(torch::equal(grad, autograd))
        << "hidden_layers " << hidden_layers << ": largest difference "
        << (grad - autograd).abs().max().item<float>();
    for (const auto& p : flow->parameters()) EXPECT_FALSE(p.grad().defined());
  }
}

TEST(NiceFlowTest, InverseInvertsForward) {
  NiceFlow flow = MakeSmallFlow(10);
  torch::NoGradGuard no_grad;
  torch::Tensor x = torch::randn({64, 10}, torch::kFloat64) * 3;
  EXPECT_LT((flow->Inverse(flow->Forward(x)) - x).abs().max().item<double>(), 1e-12);
  EXPECT_LT((flow->Forward(flow->Inverse(x)) - x).abs().max().item<double>(), 1e-12);
}

TEST(NiceFlowTest, PermutationTakesEvenCoordinatesFirst) {
  NiceFlow flow = MakeSmallFlow(7);
  torch::Tensor expected = torch::tensor({0, 2, 4, 6, 1, 3, 5}, torch::kLong);
  EXPECT_TRUE(torch::equal(flow->permutation(), expected));
}

TEST(NiceFlowTest, ExactSamplesHaveTheFlowsStatistics) {
  const int64_t dim = 6, n = 40000;
  NiceFlow flow = MakeSmallFlow(dim);
  torch::NoGradGuard no_grad;
  at::Generator generator = MakeGenerator(5, torch::kCPU);
  torch::Tensor x = flow->Sample(n, generator);
  // Pushed forward, the samples are standard normal: mean 0, covariance I
  // (standard errors 1/sqrt(n) = 0.005 and ~0.007).
  torch::Tensor y = flow->Forward(x);
  EXPECT_LT(y.mean(0).abs().max().item<double>(), 4.0 / std::sqrt(n));
  torch::Tensor centred = y - y.mean(0);
  torch::Tensor covariance = centred.t().mm(centred) / (n - 1);
  EXPECT_LT((covariance - torch::eye(dim, torch::kFloat64)).abs().max().item<double>(),
            4.0 * std::sqrt(2.0 / n));
  // E_p[log p] = sum(s) - D/2 (1 + log 2 pi), the flow's negative entropy.
  torch::Tensor log_p = flow->LogProb(x);
  const double expected = flow->LogDet().item<double>() - 0.5 * dim * (1 + std::log(2 * M_PI));
  const double standard_error = log_p.std().item<double>() / std::sqrt(n);
  EXPECT_NEAR(log_p.mean().item<double>(), expected, 4 * standard_error);
}

TEST(PixelTransformTest, LogJacobianEqualsAutogradDerivative) {
  for (const std::string& name : PixelTransformNames()) {
    PixelTransform transform(name, 1e-3);
    torch::Tensor pixels =
        (torch::rand({5, 12}, torch::kFloat64) * 255).requires_grad_(true);
    torch::Tensor y = transform.ToModel(pixels);
    // Elementwise transform: the diagonal Jacobian is the gradient of sum(y).
    torch::Tensor derivative = torch::autograd::grad({y.sum()}, {pixels})[0];
    torch::Tensor expected = derivative.abs().log().sum(1);
    EXPECT_LT((transform.LogAbsJacobian(y.detach()) - expected).abs().max().item<double>(),
              1e-9)
        << name;
    // ToUnit undoes ToModel up to the pixel scale (255 or 256).
    const double scale = name == "scaled" ? 255.0 : 256.0;
    EXPECT_LT((transform.ToUnit(y.detach()) - pixels.detach() / scale).abs().max().item<double>(),
              1e-9)
        << name;
  }
  EXPECT_THROW(PixelTransform("log", 0.0), std::invalid_argument);
  // Bits/dim of a density uniform on the pixel cube [0, 256)^D is 8.
  EXPECT_NEAR(BitsPerDim(-10 * std::log(256.0) - 3.0, 3.0, 10), 8.0, 1e-12);
}

// A density uniform over the dequantized data box is 8 bits/dim, whatever
// the pixels: in [-1, 1] space its log-density is -D log 2; in logit space
// it is the log-density of u = (s - alpha) / (1 - 2 alpha) uniform on
// [0, 1]^D, sum log(s (1 - s)) - D log(1 - 2 alpha).
TEST(PixelTransformTest, UniformDensityOnTheDequantizedBoxIsEightBitsPerDim) {
  const int64_t dims = 784;
  at::Generator noise = MakeGenerator(11, torch::kCPU);
  torch::Tensor pixels = torch::randint(0, 256, {50, dims}, torch::kFloat64);
  for (const std::string& name : {std::string("dequantized"), std::string("logit")}) {
    const double alpha = 1e-6;
    PixelTransform transform(name, alpha);
    torch::Tensor y = transform.ToModel(pixels, noise).to(torch::kFloat64);
    torch::Tensor log_density;
    if (name == "dequantized") {
      log_density = torch::full({y.size(0)}, -dims * std::log(2.0), torch::kFloat64);
    } else {
      torch::Tensor s = torch::sigmoid(y);
      log_density = (s * (1 - s)).log().sum(1) - dims * std::log(1 - 2 * alpha);
    }
    const double bpd = BitsPerDim(log_density.mean().item<double>(),
                                  transform.LogAbsJacobian(y).mean().item<double>(), dims);
    EXPECT_NEAR(bpd, 8.0, 1e-6) << name;
  }
  // The scaled transform has no noise: it is not a bound of anything.
  EXPECT_FALSE(PixelTransform("scaled", 0).dequantizes());
}

// Dequantization noise is new at every use of an example (each step's
// augmentation generator) and a pure function of (seed, step).
TEST(PixelTransformTest, DequantizationNoiseIsFreshPerStepAndReproducible) {
  PixelTransform transform("dequantized", 0);
  torch::Tensor pixels = torch::full({4, 16}, 100.0);
  RandomStreams streams(3);
  at::Generator step_5 = streams.Generator(Stream::kAugment, 5, torch::kCPU);
  at::Generator step_6 = streams.Generator(Stream::kAugment, 6, torch::kCPU);
  at::Generator step_5_again = streams.Generator(Stream::kAugment, 5, torch::kCPU);
  torch::Tensor a = transform.ToModel(pixels, step_5);
  torch::Tensor b = transform.ToModel(pixels, step_6);
  torch::Tensor c = transform.ToModel(pixels, step_5_again);
  EXPECT_FALSE(torch::equal(a, b));
  EXPECT_TRUE(torch::equal(a, c));
  // Every value stays inside the pixel's bin: (100 + [0, 1)) / 256.
  EXPECT_TRUE((a >= 2 * 100.0 / 256 - 1).all().item<bool>());
  EXPECT_TRUE((a < 2 * 101.0 / 256 - 1).all().item<bool>());
}

TEST(HoldOutTest, ValidationSplitIsDisjointCompleteAndFixedBySeed) {
  HoldOut a = HoldOutIndices(500, 120, 9);
  HoldOut again = HoldOutIndices(500, 120, 9);
  HoldOut other = HoldOutIndices(500, 120, 10);
  ASSERT_EQ(a.held_out.size(0), 120);
  ASSERT_EQ(a.train.size(0), 380);
  EXPECT_TRUE(torch::equal(a.held_out, again.held_out));
  EXPECT_TRUE(torch::equal(a.train, again.train));
  EXPECT_FALSE(torch::equal(a.held_out, other.held_out));
  torch::Tensor all = std::get<0>(torch::cat({a.train, a.held_out}).sort());
  EXPECT_TRUE(torch::equal(all, torch::arange(500, torch::kLong)));  // disjoint, complete
  EXPECT_THROW(HoldOutIndices(10, 10, 0), std::invalid_argument);
}

// A fake MNIST of 8x8 images (2 classes of patterns with noise) under a
// temporary data root.
class NiceTaskTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ = FreshDir("nice-data");
    std::filesystem::create_directories(root_ + "/mnist");
    setenv("EBMBENCH_DATA", root_.c_str(), 1);
    torch::manual_seed(3);
    for (const auto& [prefix, count] : {std::pair<std::string, int64_t>{"train", 400},
                                        {"t10k", 100}}) {
      torch::Tensor labels = torch::randint(0, 2, {count}, torch::kLong);
      torch::Tensor base = torch::zeros({count, 8, 8});
      base.index_put_({torch::indexing::Slice(), torch::indexing::Slice(2, 6), 3}, 200);
      torch::Tensor other = torch::zeros({count, 8, 8});
      other.index_put_({torch::indexing::Slice(), 4, torch::indexing::Slice(1, 7)}, 220);
      torch::Tensor images = torch::where(labels.view({-1, 1, 1}) == 0, base, other);
      images = (images + torch::rand({count, 8, 8}) * 30).clamp(0, 255).to(torch::kUInt8);
      IdxArray image_file{{count, 8, 8}, {}}, label_file{{count}, {}};
      image_file.values.assign(images.data_ptr<uint8_t>(),
                               images.data_ptr<uint8_t>() + images.numel());
      torch::Tensor label_bytes = labels.to(torch::kUInt8);
      label_file.values.assign(label_bytes.data_ptr<uint8_t>(),
                               label_bytes.data_ptr<uint8_t>() + count);
      WriteIdxFile(root_ + "/mnist/" + prefix + "-images-idx3-ubyte", image_file, false);
      WriteIdxFile(root_ + "/mnist/" + prefix + "-labels-idx1-ubyte", label_file, false);
    }
  }
  void TearDown() override { unsetenv("EBMBENCH_DATA"); }

  std::string root_;
};

TEST_F(NiceTaskTest, EveryMethodTrainsAndRecordsExactMetrics) {
  const Registries& registries = Registries::Default();
  Suite suite = ParseOrDie(R"(
suite: nice-fake
seeds: [0]
run: {steps: 60, batch_size: 50, eval_every: 30, checkpoint_every: 30, final_samples: 16}
tasks:
  - task: nice
    params: {hidden: 16, hidden_layers: 1, eval_subset: 50, val_size: 100}
    grid: {transform: [scaled, logit]}
methods:
  - {method: exact_ml, params: {lr: 0.003}}
  - {method: vera, params: {lr: 0.0003, glr: 0.0003, gradient_penalty: 1.0, nz: 4, generator_hidden: 16}}
  - {method: vera_hmc, params: {lr: 0.0003, glr: 0.0003, gradient_penalty: 1.0, nz: 4, generator_hidden: 16}}
  - {method: generator_no_entropy, params: {lr: 0.0003, glr: 0.0003, gradient_penalty: 1.0, nz: 4, generator_hidden: 16}}
  - {method: pcd, params: {lr: 0.0003, sgld_steps: 5, buffer_size: 200, step_size: 0.005, noise: 0.1}}
  - {method: short_run, params: {lr: 0.0003, sgld_steps: 5, step_size: 0.005, noise: 0.1}}
  - {method: ssm, params: {lr: 0.0003}}
  - {method: dsm, params: {lr: 0.0003, noise_scale: 0.1}}
  - {method: nce, params: {lr: 0.0003}}
)",
                           registries);
  ASSERT_EQ(suite.runs.size(), 18u);
  FreshSuiteRun run = RunSuiteInFreshStore("nice-task", suite, registries);
  const SuiteOutcome& outcome = run.outcome;
  ResultStore& store = *run.store;
  for (const RunOutcome& r : outcome.runs) {
    std::optional<RunRecord> record = store.GetRun(r.run_id);
    ASSERT_TRUE(record);
    const std::string name = record->identity.method + " " + record->identity.config_json;
    // A diverged run is a result, but none should on this easy data.
    ASSERT_EQ(r.outcome, "finished") << name << ": " << record->error_text;
    const double test_ll = RecordedMetric(store, r.run_id, "test_ll");
    const double bpd = RecordedMetric(store, r.run_id, "test_bpd");
    ASSERT_TRUE(std::isfinite(test_ll) && std::isfinite(bpd)) << name;
    // The best validation evaluation is recorded beside the last one.
    std::map<std::string, double> final_metrics = store.FinalMetrics(r.run_id);
    ASSERT_TRUE(final_metrics.count("best_val/val_bpd")) << name;
    EXPECT_LE(final_metrics["best_val/val_bpd"], final_metrics["val_bpd"]) << name;
    const double best_step = final_metrics["best_val/step"];
    EXPECT_TRUE(best_step == 0 || best_step == 30 || best_step == 60) << name;
    EXPECT_EQ(final_metrics["best_val/test_bpd"],
              RecordedMetricAt(store, r.run_id, "test_bpd", best_step)) << name;
    if (record->identity.config_json.find("\"scaled\"") != std::string::npos) {
      // scaled: bits/dim = -(ll + 64 log(2/255)) / (64 ln 2), in closed form.
      EXPECT_NEAR(bpd, -(test_ll + 64 * std::log(2.0 / 255.0)) / (64 * std::log(2.0)), 1e-6)
          << name;
    }
    std::set<std::string> kinds;
    for (const ResultStore::ArtifactRecord& a : store.Artifacts(r.run_id)) kinds.insert(a.kind);
    EXPECT_TRUE(kinds.count("model_sample_images")) << name;
    const std::string& method = record->identity.method;
    if (method != "exact_ml" && method != "ssm" && method != "dsm") {
      EXPECT_TRUE(kinds.count("sample_images")) << name;
    }
    // Exact ML, the ceiling, learns this data within 60 steps.
    if (method == "exact_ml") {
      const double untrained =
          RecordedMetric(store, r.run_id, "test_ll", /*first=*/true);
      EXPECT_GT(test_ll, untrained + 20) << name << " untrained " << untrained;
    }
  }
}

// Dequantized NICE: a run killed (stopped) half-way and resumed records
// exactly what the uninterrupted run records, fresh dequantization noise
// and all; its validation split is held out of training.
TEST_F(NiceTaskTest, DequantizedRunResumesBitForBit) {
  const Registries& registries = Registries::Default();
  Suite suite = ParseOrDie(R"(
suite: nice-resume
seeds: [4]
run: {steps: 40, batch_size: 50, eval_every: 10, checkpoint_every: 10, final_samples: 0}
tasks:
  - task: nice
    params: {hidden: 16, hidden_layers: 1, eval_subset: 50, val_size: 100}
methods:
  - {method: exact_ml, params: {lr: 0.003, gradient_penalty: 0.1, warmup_iters: 5}}
)",
                           registries);
  ASSERT_EQ(suite.runs.size(), 1u);
  FreshSuiteRun whole = RunSuiteInFreshStore("nice-whole", suite, registries);
  ASSERT_EQ(whole.outcome.runs.at(0).outcome, "finished");

  const std::string dir = FreshDir("nice-resumed");
  ResultStore store(dir + "/r.sqlite");
  RunnerOptions options;
  options.artifacts_dir = dir + "/artifacts";
  std::ostringstream log;
  options.progress = &log;
  int calls = 0;
  options.stop_requested = [&calls] { return ++calls > 20; };  // stops at step 20
  SuiteOutcome first = Runner(store, registries, options).RunSuite(suite);
  ASSERT_EQ(first.runs.at(0).outcome, "interrupted");
  options.stop_requested = [] { return false; };
  SuiteOutcome second = Runner(store, registries, options).RunSuite(suite);
  ASSERT_EQ(second.runs.at(0).outcome, "finished");

  std::vector<MetricRecord> expected =
      TrainingMetrics(*whole.store, whole.outcome.runs[0].run_id);
  std::vector<MetricRecord> resumed = TrainingMetrics(store, second.runs[0].run_id);
  ASSERT_EQ(expected.size(), resumed.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(expected[i].step, resumed[i].step);
    EXPECT_EQ(expected[i].name, resumed[i].name);
    EXPECT_EQ(expected[i].value, resumed[i].value) << expected[i].name << " at "
                                                   << expected[i].step;
  }
  EXPECT_EQ(whole.store->FinalMetrics(whole.outcome.runs[0].run_id),
            store.FinalMetrics(second.runs[0].run_id));
}

}  // namespace
}  // namespace ebm

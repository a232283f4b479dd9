// The baselines' samplers and objectives against closed forms:
//  - SGLD with a = s^2 / 2 samples a Gaussian energy's mean and covariance;
//  - sliced score matching equals exact score matching in expectation;
//  - denoising score matching's optimum for Gaussian data is the smoothed
//    data's score: precision (Sigma + sigma_n^2 I)^{-1};
//  - NCE's optimum is the normalized data density: log Z = 0.
#include <gtest/gtest.h>

#include <cmath>

#include "src/core/params.h"
#include "src/core/random_streams.h"
#include "src/methods/nce.h"
#include "src/methods/registry.h"
#include "src/methods/score_matching.h"
#include "src/methods/sgld.h"
#include "src/models/gaussian_energy.h"
#include "src/models/mlp_energy.h"

namespace ebm {
namespace {

const torch::Tensor& DataMean() {
  static const torch::Tensor mean = torch::tensor({1.0, -0.5});
  return mean;
}
const torch::Tensor& DataCovariance() {
  static const torch::Tensor cov = torch::tensor({{1.0, 0.5}, {0.5, 0.8}});
  return cov;
}

torch::Tensor GaussianData(int64_t n, at::Generator& g) {
  torch::Tensor factor = torch::linalg::cholesky(DataCovariance());
  return DataMean() + torch::randn({n, 2}, g).mm(factor.t());
}

torch::Tensor Covariance(const torch::Tensor& x) {
  torch::Tensor centred = x - x.mean(0);
  return centred.t().mm(centred) / (x.size(0) - 1);
}

TEST(SgldTest, ProperLangevinSamplesTheGaussiansMoments) {
  GaussianEnergyModel model(2, 3.0);
  model.net()->Set(DataMean(), torch::linalg::inv(DataCovariance()), 0.0);
  at::Generator g = MakeGenerator(5, torch::kCPU);
  const int64_t chains = 10000;
  // s = 0.1, a = s^2 / 2: the unadjusted Langevin algorithm. Its stationary
  // covariance is Sigma (I - a P / 2)^{-1}: 0.8% wide at most here.
  SgldSettings settings{2000, 0.005, 0.1};
  torch::Tensor x = RunSgld(model, model.InitialSamples(chains, g), settings, g);
  // Monte-Carlo allowances: four standard errors of the mean and of each
  // covariance entry (sqrt((S_ij^2 + S_ii S_jj) / N)), plus 1% for the
  // discretization.
  torch::Tensor mean_se = DataCovariance().diagonal().sqrt() / std::sqrt(double(chains));
  EXPECT_TRUE(((x.mean(0) - DataMean()).abs() <= 4 * mean_se).all().item<bool>())
      << x.mean(0);
  torch::Tensor s = DataCovariance();
  torch::Tensor cov_se =
      ((s.pow(2) + s.diagonal().unsqueeze(1) * s.diagonal().unsqueeze(0)) / chains).sqrt();
  torch::Tensor allowed = 4 * cov_se + 0.01 * s.abs();
  EXPECT_TRUE(((Covariance(x) - s).abs() <= allowed).all().item<bool>())
      << Covariance(x) << "\nvs\n" << s;
  // With a != s^2 / 2 the chains sample a tempered density, temperature
  // s^2 / 2a: here a = 0.1, s = 0.01 gives 5e-4, collapsed onto the mode.
  // (JEM's a = 1 would make this quadratic's chains diverge: |1 - a p| > 1.)
  torch::Tensor jem = RunSgld(model, model.InitialSamples(chains, g), {300, 0.1, 0.01}, g);
  EXPECT_LT(Covariance(jem).abs().max().item<double>(), 0.01);
}

// The toy task's network, without the task.
MlpEnergyModel MlpModel(const std::string& activation) {
  return MlpEnergyModel({2, 32, 32, 1}, activation, 3.0);
}

TEST(ScoreMatchingTest, SlicedEqualsExactInExpectation) {
  torch::manual_seed(0);
  MlpEnergyModel model = MlpModel("softplus");
  at::Generator g = MakeGenerator(9, torch::kCPU);
  torch::Tensor x = torch::randn({64, 2}, g) * 1.5;
  torch::Tensor exact = ExactScoreMatchingLoss(model, x);
  const int64_t kGroups = 10, kGroupSize = 100;
  for (bool variance_reduced : {true, false}) {
    torch::Tensor v = torch::randn({kGroups * kGroupSize, 64, 2}, g);
    // 10 groups of 100 projections: their mean is the 1000-projection
    // estimate (equal groups), their spread its standard error.
    std::vector<torch::Tensor> groups;
    for (int64_t i = 0; i < kGroups; ++i)
      groups.push_back(SlicedScoreMatchingLoss(model, x,
                                               v.slice(0, i * kGroupSize, (i + 1) * kGroupSize),
                                               variance_reduced).mean());
    torch::Tensor group_means = torch::stack(groups);
    torch::Tensor sliced_mean = group_means.mean();
    const double se =
        (group_means.detach().std() / std::sqrt(static_cast<double>(kGroups))).item<double>();
    const double difference = (sliced_mean - exact.mean()).abs().item<double>();
    EXPECT_LT(difference, 4 * se + 1e-4)
        << (variance_reduced ? "variance-reduced" : "plain") << ": sliced "
        << sliced_mean.item<double>() << " exact " << exact.mean().item<double>();
    // The gradients in the parameters agree too (5%: the Monte-Carlo error
    // of 1000 projections is 0.6% with the variance reduction and 0.8%
    // without, seed 0; a wrong factor or sign is off by tens of percent).
    auto params = model.module().parameters();
    // (The output bias does not move the score: unused, skipped.)
    std::vector<torch::Tensor> g_sliced =
        torch::autograd::grad({sliced_mean}, params, {}, true, false, true);
    std::vector<torch::Tensor> g_exact =
        torch::autograd::grad({exact.mean()}, params, {}, true, false, true);
    double num = 0, den = 0;
    for (size_t i = 0; i < params.size(); ++i) {
      if (!g_exact[i].defined()) continue;
      num += (g_sliced[i] - g_exact[i]).pow(2).sum().item<double>();
      den += g_exact[i].pow(2).sum().item<double>();
    }
    EXPECT_LT(std::sqrt(num / den), 0.05);
  }
}

TEST(ScoreMatchingTest, PiecewiseLinearEnergyHasNoCurvatureTerm) {
  // Why ssm needs a smooth network: with LeakyReLU the trace vanishes.
  torch::manual_seed(0);
  MlpEnergyModel model = MlpModel("leaky_relu");
  torch::Tensor x = torch::randn({32, 2});
  torch::Tensor root = x.clone().requires_grad_(true);
  torch::Tensor score = torch::autograd::grad({model.LogDensity(root).sum()}, {root})[0];
  EXPECT_TRUE(torch::allclose(ExactScoreMatchingLoss(model, x),
                              0.5 * score.pow(2).sum(1), 1e-5, 1e-6));
}

// Trains `model` with the registered method `name` on Gaussian data.
void Train(const std::string& name, EnergyModel& model, Params params,
           int64_t steps, int64_t batch) {
  MethodRegistry registry;
  RegisterAllMethods(registry);
  const MethodInfo& info = *registry.Find(name);
  Params full = Params::Defaults(info.params);
  for (const auto& [key, value] : params.values()) full.Set(key, value);
  at::Generator g = MakeGenerator(21, torch::kCPU);
  torch::Tensor fit_data = GaussianData(10000, g);
  MethodContext context{model, full, torch::kCPU, g};
  context.data_sample = [&](int64_t n) { return fit_data.slice(0, 0, n); };
  std::unique_ptr<Method> method = info.create(context);
  for (int64_t step = 0; step < steps; ++step) method->Step(GaussianData(batch, g), g);
}

TEST(ScoreMatchingTest, DenoisingOptimumIsTheSmoothedScore) {
  GaussianEnergyModel model(2, 3.0);
  const double sigma_n = 0.5;
  Params params;
  params.Set("lr", 0.01);
  params.Set("noise_scale", sigma_n);
  Train("dsm", model, params, 2000, 2000);
  torch::Tensor expected =
      torch::linalg::inv(DataCovariance() + sigma_n * sigma_n * torch::eye(2));
  torch::Tensor precision = model.net()->Precision().detach();
  EXPECT_TRUE(torch::allclose(precision, expected, 0.05, 0.03))
      << precision << "\nvs\n" << expected;
  EXPECT_TRUE(torch::allclose(model.net()->mu.detach(), DataMean(), 0, 0.05));
}

TEST(NceTest, OptimumRecoversTheLogNormalizer) {
  GaussianEnergyModel model(2, 3.0);
  Params params;
  params.Set("lr", 0.01);
  params.Set("noise_std_scale", 1.5);
  Train("nce", model, params, 2000, 2000);
  // Started at log Z = log 2 pi = 1.84; the optimum is exactly normalized.
  EXPECT_NEAR(model.net()->LogNormalizer().item<double>(), 0.0, 0.05);
  EXPECT_TRUE(torch::allclose(model.net()->Precision().detach(),
                              torch::linalg::inv(DataCovariance()), 0.08, 0.05));
  EXPECT_TRUE(torch::allclose(model.net()->mu.detach(), DataMean(), 0, 0.05));
}

TEST(NceTest, FittedNoiseIsTheDataGaussian) {
  at::Generator g = MakeGenerator(4, torch::kCPU);
  torch::Tensor data = GaussianData(20000, g);
  GaussianNoise noise(data, 1.0, 0.0);
  torch::Tensor samples = noise.Sample(20000, g);
  EXPECT_TRUE(torch::allclose(Covariance(samples), DataCovariance(), 0, 0.05));
  // log p_n against the closed-form density of N(mean, Sigma).
  torch::Tensor x = torch::tensor({{0.3, 0.2}});
  torch::Tensor centred = x - data.mean(0);
  torch::Tensor cov = Covariance(data);
  double expected = (-0.5 * centred.mm(torch::linalg::inv(cov)).mm(centred.t()))
                        .item<double>() - 0.5 * std::log(torch::det(cov).item<double>()) -
                    std::log(2 * M_PI);
  EXPECT_NEAR(noise.LogProb(x).item<double>(), expected, 1e-3);
}

}  // namespace
}  // namespace ebm

// FusedAdam against torch::optim::Adam: same options, same gradients, the
// same parameters and state after every step; checkpoints interchangeable.
#include "src/methods/fused_adam.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace ebm {
namespace {

struct Pair {
  std::vector<torch::Tensor> reference, fused;
};

// Two identical sets of parameters: a matrix, a vector and a scalar-sized one.
Pair MakeParameters(torch::Dtype dtype) {
  torch::manual_seed(3);
  Pair pair;
  for (const std::vector<int64_t>& shape : {std::vector<int64_t>{37, 53}, {101}, {1}}) {
    torch::Tensor init = torch::randn(shape, torch::TensorOptions().dtype(dtype));
    pair.reference.push_back(init.clone().requires_grad_(true));
    pair.fused.push_back(init.clone().requires_grad_(true));
  }
  return pair;
}

// Sets the same random gradients on both sets (gradient scales 1e-3..1e3,
// so that both moments matter).
void SetGradients(Pair& pair, int step) {
  torch::manual_seed(100 + step);
  for (size_t i = 0; i < pair.reference.size(); ++i) {
    torch::Tensor g = torch::randn_like(pair.reference[i]) * std::pow(10.0, int(i % 3) * 3 - 3);
    pair.reference[i].mutable_grad() = g.clone();
    pair.fused[i].mutable_grad() = g.clone();
  }
}

double MaxRelativeDifference(const std::vector<torch::Tensor>& a,
                             const std::vector<torch::Tensor>& b) {
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double scale = std::max(1.0, a[i].abs().max().item<double>());
    worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>() / scale);
  }
  return worst;
}

void ExpectSameTrajectory(torch::Dtype dtype, const torch::optim::AdamOptions& options,
                          double tolerance) {
  Pair pair = MakeParameters(dtype);
  torch::optim::Adam reference(pair.reference, options);
  FusedAdam fused(pair.fused, options);
  for (int step = 0; step < 25; ++step) {
    SetGradients(pair, step);
    double norm = 0;
    for (const torch::Tensor& p : pair.fused) norm += p.grad().pow(2).sum().item<double>();
    reference.step();
    fused.step();
    EXPECT_NEAR(fused.last_gradient_norm(), std::sqrt(norm), 1e-6 * std::sqrt(norm));
    ASSERT_LT(MaxRelativeDifference(pair.reference, pair.fused), tolerance) << "step " << step;
  }
  // The weights moved: the comparison is not of two untouched sets.
  Pair start = MakeParameters(dtype);
  EXPECT_GT(MaxRelativeDifference(start.reference, pair.fused), 100 * tolerance);
}

TEST(FusedAdam, MatchesTorchAdamInFloat64) {
  ExpectSameTrajectory(torch::kDouble, torch::optim::AdamOptions(1e-2), 1e-13);
}

TEST(FusedAdam, MatchesTorchAdamInFloat32) {
  // Float32 rounding (fused multiply-adds) differs in the last bits only.
  ExpectSameTrajectory(torch::kFloat, torch::optim::AdamOptions(1e-2), 1e-5);
}

TEST(FusedAdam, MatchesTorchAdamWithBetasAndWeightDecay) {
  ExpectSameTrajectory(
      torch::kDouble,
      torch::optim::AdamOptions(3e-3).betas({0.0, 0.9}).weight_decay(0.1).eps(1e-6), 1e-13);
}

// A cleared gradient after the first step is a zero gradient to torch's Adam
// (zero_grad keeps the zero tensor): the moments still decay and p still moves.
TEST(FusedAdam, ClearedGradientActsAsZero) {
  Pair pair = MakeParameters(torch::kDouble);
  torch::optim::Adam reference(pair.reference, torch::optim::AdamOptions(1e-2));
  FusedAdam fused(pair.fused, torch::optim::AdamOptions(1e-2));
  SetGradients(pair, 0);
  reference.step();
  fused.step();
  reference.zero_grad();
  ClearGradients(pair.fused);
  EXPECT_FALSE(pair.fused[0].grad().defined());
  for (int i = 0; i < 3; ++i) {
    reference.step();
    fused.step();
  }
  EXPECT_LT(MaxRelativeDifference(pair.reference, pair.fused), 1e-13);
  EXPECT_EQ(fused.last_gradient_norm(), 0);
}

// A parameter that never had a gradient is not touched (torch skips it too).
TEST(FusedAdam, SkipsParametersThatNeverHadAGradient) {
  torch::Tensor p = torch::ones({4}, torch::kDouble).requires_grad_(true);
  FusedAdam fused({p}, torch::optim::AdamOptions(1e-2));
  fused.step();
  EXPECT_TRUE(torch::equal(p.detach(), torch::ones({4}, torch::kDouble)));
}

// Checkpoints: a torch Adam's saved state continues in FusedAdam exactly.
TEST(FusedAdam, ResumesFromTorchAdamState) {
  Pair pair = MakeParameters(torch::kDouble);
  torch::optim::Adam reference(pair.reference, torch::optim::AdamOptions(1e-2));
  for (int step = 0; step < 3; ++step) {
    SetGradients(pair, step);
    reference.step();
  }
  for (size_t i = 0; i < pair.fused.size(); ++i) {
    torch::NoGradGuard no_grad;
    pair.fused[i].copy_(pair.reference[i]);
  }
  std::stringstream saved;
  {
    torch::serialize::OutputArchive archive;
    reference.save(archive);
    archive.save_to(saved);
  }
  FusedAdam fused(pair.fused, torch::optim::AdamOptions(1e-2));
  {
    torch::serialize::InputArchive archive;
    archive.load_from(saved);
    fused.load(archive);
  }
  SetGradients(pair, 3);
  reference.step();
  fused.step();
  EXPECT_LT(MaxRelativeDifference(pair.reference, pair.fused), 1e-13);
}

// Off the fast path (a non-contiguous parameter) the result is torch's.
TEST(FusedAdam, FallsBackForNonContiguousParameters) {
  torch::Tensor p = torch::randn({4, 6}, torch::kDouble).t().detach().requires_grad_(true);
  ASSERT_FALSE(p.is_contiguous());
  torch::Tensor q = p.detach().clone().requires_grad_(true);
  torch::optim::Adam reference({q}, torch::optim::AdamOptions(1e-2));
  FusedAdam fused({p}, torch::optim::AdamOptions(1e-2));
  torch::Tensor g = torch::randn({6, 4}, torch::kDouble);
  p.mutable_grad() = g.clone();
  q.mutable_grad() = g.clone();
  fused.step();
  reference.step();
  EXPECT_LT((p - q).abs().max().item<double>(), 1e-15);
  EXPECT_NEAR(fused.last_gradient_norm(), g.norm().item<double>(), 1e-12);
  // A cleared gradient is a zero one on this path too, as after zero_grad.
  ClearGradients({p});
  reference.zero_grad();
  const torch::Tensor before = p.detach().clone();
  fused.step();
  reference.step();
  EXPECT_LT((p - q).abs().max().item<double>(), 1e-15);
  EXPECT_GT((p.detach() - before).abs().max().item<double>(), 1e-4);  // momentum moved it
}

}  // namespace
}  // namespace ebm

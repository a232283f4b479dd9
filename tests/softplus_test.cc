// ebm::Softplus against closed forms in float64 and against torch::softplus's
// autograd: values, first, second and third derivatives, the gradient
// penalty's weight gradients, special values and thread splits.
#include "src/models/softplus.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace ebm {
namespace {

// log(1 + e^x) and 1 / (1 + e^-x) in double, stable for any x.
torch::Tensor ReferenceSoftplus(const torch::Tensor& x) {
  torch::Tensor d = x.to(torch::kDouble);
  return d.clamp_min(0) + torch::log1p(torch::exp(-d.abs()));
}

torch::Tensor ReferenceSigmoid(const torch::Tensor& x) {
  torch::Tensor d = x.to(torch::kDouble);
  return torch::where(d >= 0, 1 / (1 + torch::exp(-d)), torch::exp(d) / (1 + torch::exp(d)));
}

double MaxRelativeError(const torch::Tensor& value, const torch::Tensor& reference) {
  torch::Tensor v = value.to(torch::kDouble);
  return ((v - reference).abs() / reference.abs()).max().item<double>();
}

// Float32 grid over the range where the results are normal floats.
torch::Tensor Grid() {
  return torch::cat({torch::linspace(-87, 100, 400001),
                     torch::linspace(-1e-3, 1e-3, 2001),
                     torch::tensor({0.0f, -0.0f, 16.0f, 20.0f, 20.5f, -20.0f})});
}

TEST(SoftplusTest, Float32ValuesWithinFourUlpsOfFloat64) {
  torch::Tensor x = Grid();
  auto [y, s] = SoftplusAndSigmoid(x);
  ASSERT_EQ(y.scalar_type(), torch::kFloat);
  const double ulp = std::numeric_limits<float>::epsilon();  // 2^-23
  EXPECT_LE(MaxRelativeError(y, ReferenceSoftplus(x)), 4 * ulp);
  EXPECT_LE(MaxRelativeError(s, ReferenceSigmoid(x)), 4 * ulp);
  // The ungraded path computes the same bits.
  EXPECT_TRUE(torch::equal(Softplus(x), y));
  // As accurate as torch's own float32 kernel, within a couple of ulps.
  EXPECT_LE(MaxRelativeError(y, ReferenceSoftplus(x)),
            MaxRelativeError(torch::softplus(x), ReferenceSoftplus(x)) + 2 * ulp);
}

// Every copy of the loop this CPU runs (baseline, FMA, AVX-512) is as
// accurate as the chosen one, and handles the special values alike; the
// FMA copies (v3, v4) run the same operations and give the same bits.
TEST(SoftplusTest, EveryCpuLevelCopyIsAccurate) {
  torch::Tensor x = Grid();
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  torch::Tensor special = torch::tensor({-inf, inf, nan, -200.0f, 200.0f});
  const double ulp = std::numeric_limits<float>::epsilon();
  std::vector<CpuLevel> levels = {CpuLevel::kBaseline};
  if (DetectedCpuLevel() >= CpuLevel::kX86_64_V3) levels.push_back(CpuLevel::kX86_64_V3);
  if (DetectedCpuLevel() >= CpuLevel::kX86_64_V4) levels.push_back(CpuLevel::kX86_64_V4);
  for (CpuLevel level : levels) {
    SCOPED_TRACE("x86-64 level " + std::to_string(static_cast<int>(level)));
    auto [y, s] = SoftplusAndSigmoidAtLevel(x, level);
    EXPECT_LE(MaxRelativeError(y, ReferenceSoftplus(x)), 4 * ulp);
    EXPECT_LE(MaxRelativeError(s, ReferenceSigmoid(x)), 4 * ulp);
    auto [ys, ss] = SoftplusAndSigmoidAtLevel(special, level);
    EXPECT_TRUE(torch::equal(ys.masked_fill(ys.isnan(), -1), torch::tensor({0.0f, inf, -1.0f, 0.0f, 200.0f})));
    EXPECT_TRUE(torch::equal(ss.masked_fill(ss.isnan(), -1), torch::tensor({0.0f, 1.0f, -1.0f, 0.0f, 1.0f})));
  }
  if (levels.size() == 3) {
    EXPECT_TRUE(torch::equal(SoftplusAndSigmoidAtLevel(x, CpuLevel::kX86_64_V3).first,
                             SoftplusAndSigmoidAtLevel(x, CpuLevel::kX86_64_V4).first));
  }
  // The public entry points run the CPU's best copy.
  EXPECT_TRUE(torch::equal(SoftplusAndSigmoid(x).first,
                           SoftplusAndSigmoidAtLevel(x, DetectedCpuLevel()).first));
}

TEST(SoftplusTest, SpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  torch::Tensor x = torch::tensor({-inf, inf, nan, -200.0f, 200.0f, -88.0f});
  auto [y, s] = SoftplusAndSigmoid(x);
  auto yv = y.accessor<float, 1>();
  auto sv = s.accessor<float, 1>();
  EXPECT_EQ(yv[0], 0.0f);
  EXPECT_EQ(sv[0], 0.0f);
  EXPECT_EQ(yv[1], inf);
  EXPECT_EQ(sv[1], 1.0f);
  EXPECT_TRUE(std::isnan(yv[2]));  // a diverged run must stay visible
  EXPECT_TRUE(std::isnan(sv[2]));
  EXPECT_EQ(yv[3], 0.0f);
  EXPECT_EQ(yv[4], 200.0f);
  EXPECT_EQ(sv[4], 1.0f);
  // Below e^-87 the result is 0 or tiny, never negative.
  EXPECT_GE(yv[5], 0.0f);
  EXPECT_LE(yv[5], 1.2e-38f);
}

TEST(SoftplusTest, NonContiguousAndThreadSplitGiveTheSameBits) {
  torch::manual_seed(0);
  torch::Tensor x = torch::randn({300, 700}) * 10;
  torch::Tensor xt = x.t();  // non-contiguous view
  EXPECT_TRUE(torch::equal(Softplus(xt), Softplus(xt.contiguous())));
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  torch::Tensor one = Softplus(x);
  at::set_num_threads(2);
  torch::Tensor two = Softplus(x);
  at::set_num_threads(threads);
  EXPECT_TRUE(torch::equal(one, two));
}

// First, second and third derivatives of sum(w * softplus(x)) in float64
// (torch's kernels for the values, ebm's autograd structure) against
// torch::softplus's, and against the closed forms s, s(1-s), s(1-s)(1-2s).
TEST(SoftplusTest, DerivativesToThirdOrderMatchClosedForms) {
  torch::manual_seed(1);
  torch::Tensor x = (torch::randn({64}, torch::kDouble) * 4).requires_grad_(true);
  torch::Tensor w = torch::randn({64}, torch::kDouble);
  auto derivatives = [&](auto softplus) {
    torch::Tensor y = (w * softplus(x)).sum();
    torch::Tensor d1 = torch::autograd::grad({y}, {x}, {}, true, true)[0];
    torch::Tensor d2 = torch::autograd::grad({d1.sum()}, {x}, {}, true, true)[0];
    torch::Tensor d3 = torch::autograd::grad({d2.sum()}, {x}, {}, true, true)[0];
    return std::vector<torch::Tensor>{d1.detach(), d2.detach(), d3.detach()};
  };
  auto ours = derivatives([](const torch::Tensor& v) { return Softplus(v); });
  auto torchs = derivatives([](const torch::Tensor& v) { return torch::softplus(v); });
  torch::Tensor s = torch::sigmoid(x.detach());
  std::vector<torch::Tensor> closed = {w * s, w * s * (1 - s), w * s * (1 - s) * (1 - 2 * s)};
  for (int order = 0; order < 3; ++order) {
    EXPECT_TRUE(torch::allclose(ours[order], closed[order], 1e-12, 1e-14)) << "order " << order + 1;
    EXPECT_TRUE(torch::allclose(ours[order], torchs[order], 1e-12, 1e-14)) << "order " << order + 1;
  }
}

// VERA's gradient penalty and score matching differentiate the input
// gradient with respect to the weights: that backward goes through the
// softplus backward's own gradient with respect to the incoming gradient.
double PenaltyWeightGradientError(torch::Dtype dtype) {
  torch::manual_seed(2);
  auto make = [&](bool ours) {
    torch::manual_seed(3);
    torch::nn::Sequential net(torch::nn::Linear(5, 32));
    if (ours) {
      net->push_back(SoftplusActivation());
    } else {
      net->push_back(torch::nn::Softplus());
    }
    net->push_back(torch::nn::Linear(32, 32));
    if (ours) {
      net->push_back(SoftplusActivation());
    } else {
      net->push_back(torch::nn::Softplus());
    }
    net->push_back(torch::nn::Linear(32, 1));
    net->to(dtype);
    return net;
  };
  torch::Tensor x = torch::randn({16, 5}, torch::TensorOptions().dtype(dtype)).requires_grad_(true);
  double worst = 0;
  auto penalty_gradients = [&](torch::nn::Sequential net) {
    torch::Tensor energy = net->forward(x).sum();
    torch::Tensor gx = torch::autograd::grad({energy}, {x}, {}, true, true)[0];
    torch::Tensor loss = energy + gx.pow(2).sum(1).mean();
    return torch::autograd::grad({loss}, net->parameters());
  };
  auto ours = penalty_gradients(make(true));
  auto torchs = penalty_gradients(make(false));
  for (size_t i = 0; i < ours.size(); ++i) {
    const double scale = torchs[i].abs().max().item<double>();
    worst = std::max(worst, (ours[i] - torchs[i]).abs().max().item<double>() / scale);
  }
  return worst;
}

TEST(SoftplusTest, GradientPenaltyWeightGradientsMatchTorch) {
  EXPECT_LT(PenaltyWeightGradientError(torch::kDouble), 1e-12);
  EXPECT_LT(PenaltyWeightGradientError(torch::kFloat), 1e-5);
}

TEST(SoftplusTest, NoGraphWithoutGradients) {
  torch::Tensor x = torch::randn({4, 4});
  EXPECT_FALSE(Softplus(x).requires_grad());
  torch::Tensor xg = x.clone().requires_grad_(true);
  {
    torch::NoGradGuard no_grad;
    EXPECT_FALSE(Softplus(xg).requires_grad());
  }
  EXPECT_TRUE(Softplus(xg).requires_grad());
}

}  // namespace
}  // namespace ebm

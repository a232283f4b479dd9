// The grid normalizer against closed forms: Gaussians integrate to their
// known normalizers, and the gradient of log Z is the model's expectation.
#include <gtest/gtest.h>

#include <cmath>

#include "src/metrics/grid_normalizer.h"

namespace ebm {
namespace {

// log N(x; mean, diag(std^2)), row-wise.
torch::Tensor GaussianLogDensity(const torch::Tensor& x, double mx, double my,
                                 double sx, double sy) {
  torch::Tensor zx = (x.select(1, 0) - mx) / sx;
  torch::Tensor zy = (x.select(1, 1) - my) / sy;
  return -0.5 * (zx * zx + zy * zy) - std::log(2 * M_PI * sx * sy);
}

TEST(GridNormalizerTest, PointsAreCellMidpoints) {
  GridBox box{-1.0, 1.0, 4};
  torch::Tensor points = GridPoints(box, torch::kCPU);
  ASSERT_EQ(points.size(0), 16);
  EXPECT_FLOAT_EQ(points[0][0].item<float>(), -0.75f);
  EXPECT_FLOAT_EQ(points[0][1].item<float>(), -0.75f);
  EXPECT_FLOAT_EQ(points[15][0].item<float>(), 0.75f);
  EXPECT_FLOAT_EQ(points[1][1].item<float>(), -0.25f);
  EXPECT_DOUBLE_EQ(box.CellArea(), 0.25);
}

// Probability mass of N(mean, std^2) inside [low, high].
double MassInside(double low, double high, double mean, double std) {
  auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  return phi((high - mean) / std) - phi((low - mean) / std);
}

// The midpoint rule on smooth Gaussians is exact far below float precision
// at these resolutions; what it misses is the mass outside the box, which
// is known exactly, and float32 rounding (~1e-6). Hence: the grid's log Z
// equals log(mass inside the box) within 1e-5.
TEST(GridNormalizerTest, NormalizedGaussiansIntegrateToTheirMassInTheBox) {
  GridBox box{-5.0, 5.0, 128};
  struct Case { double mx, my, sx, sy; };
  for (Case c : {Case{0, 0, 1, 1}, Case{1.0, -0.5, 0.5, 1.2}, Case{-2, 2, 0.3, 0.3}}) {
    double log_z = GridLogNormalizer(
                       [&](const torch::Tensor& x) {
                         return GaussianLogDensity(x, c.mx, c.my, c.sx, c.sy);
                       },
                       box, torch::kCPU)
                       .item<double>();
    double inside = MassInside(-5, 5, c.mx, c.sx) * MassInside(-5, 5, c.my, c.sy);
    EXPECT_NEAR(log_z, std::log(inside), 1e-5) << "mean (" << c.mx << ", " << c.my << ")";
    // And the box holds all but a negligible share of a centred Gaussian.
    if (c.mx == 0 && c.sx == 1) {
      EXPECT_NEAR(log_z, 0.0, 1e-5);
    }
  }
}

TEST(GridNormalizerTest, ChunkingDoesNotChangeTheResult) {
  GridBox box{-5.0, 5.0, 64};
  auto f = [](const torch::Tensor& x) { return GaussianLogDensity(x, 0.3, 0.1, 0.8, 1.1); };
  double whole = GridLogNormalizer(f, box, torch::kCPU).item<double>();
  double chunked = GridLogNormalizer(f, box, torch::kCPU, 100).item<double>();
  EXPECT_NEAR(whole, chunked, 1e-6);
}

TEST(GridNormalizerTest, UnnormalizedGaussianHasLogTwoPi) {
  double log_z = GridLogNormalizer(
                     [](const torch::Tensor& x) { return -0.5 * x.pow(2).sum(1); },
                     GridBox{-5.0, 5.0, 128}, torch::kCPU)
                     .item<double>();
  EXPECT_NEAR(log_z, std::log(2 * M_PI), 1e-5);
}

// f_t(x) = t . x - |x|^2 / 2 has log Z(t) = log 2pi + |t|^2 / 2, so the
// gradient of log Z is t: exact maximum likelihood relies on this gradient.
TEST(GridNormalizerTest, GradientOfLogZIsTheClosedForm) {
  torch::Tensor t = torch::tensor({0.7f, -0.4f}, torch::requires_grad());
  torch::Tensor log_z = GridLogNormalizer(
      [&](const torch::Tensor& x) { return x.matmul(t) - 0.5 * x.pow(2).sum(1); },
      GridBox{-6.0, 6.0, 160}, torch::kCPU);
  log_z.backward();
  EXPECT_NEAR(log_z.item<double>(), std::log(2 * M_PI) + 0.5 * (0.49 + 0.16), 1e-5);
  EXPECT_NEAR(t.grad()[0].item<double>(), 0.7, 1e-4);
  EXPECT_NEAR(t.grad()[1].item<double>(), -0.4, 1e-4);
}

}  // namespace
}  // namespace ebm

#include "src/metrics/frechet_distance.h"

namespace ebm {
namespace {

// Square root of a symmetric positive semi-definite matrix; eigenvalues
// below zero (rounding) are clamped.
torch::Tensor SymmetricSqrt(const torch::Tensor& s) {
  auto [values, vectors] = torch::linalg::eigh(s, "L");
  return vectors.matmul(torch::diag(values.clamp_min(0).sqrt())).matmul(vectors.t());
}

}  // namespace

GaussianFit FitGaussian(const torch::Tensor& features) {
  TORCH_CHECK(features.dim() == 2 && features.size(0) >= 2,
              "a Gaussian fit needs features [N, D] with N >= 2");
  torch::Tensor x = features.to(torch::kCPU, torch::kDouble);
  torch::Tensor mean = x.mean(0);
  torch::Tensor centred = x - mean;
  return {mean, centred.t().matmul(centred) / (x.size(0) - 1)};
}

double FrechetDistance(const GaussianFit& a, const GaussianFit& b) {
  TORCH_CHECK(a.mean.sizes() == b.mean.sizes(), "Fréchet distance: feature sizes differ");
  torch::Tensor root_a = SymmetricSqrt(a.covariance);
  torch::Tensor middle = root_a.matmul(b.covariance).matmul(root_a);
  middle = (middle + middle.t()) / 2;  // symmetric up to rounding
  torch::Tensor cross = torch::linalg::eigvalsh(middle, "L").clamp_min(0).sqrt().sum();
  torch::Tensor d2 = (a.mean - b.mean).pow(2).sum() + a.covariance.trace() +
                     b.covariance.trace() - 2 * cross;
  return d2.item<double>();
}

}  // namespace ebm

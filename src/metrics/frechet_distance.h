// The Fréchet (2-Wasserstein) distance between two Gaussians fitted to
// feature vectors, the statistic behind FID (Heusel et al. 2017):
//   d^2 = |mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2)
// The matrix square roots come from symmetric eigendecompositions in double
// precision (tr (S1 S2)^1/2 = tr (S1^1/2 S2 S1^1/2)^1/2, whose argument is
// symmetric positive semi-definite), so no general sqrtm is needed.
//
// What the features are decides what the number means: with Inception-v3
// pool features it is FID; ebmbench also reports it in the features of a
// classifier it trains itself, and names that metric differently.
#ifndef EBMBENCH_METRICS_FRECHET_DISTANCE_H_
#define EBMBENCH_METRICS_FRECHET_DISTANCE_H_

#include <torch/torch.h>

namespace ebm {

struct GaussianFit {
  torch::Tensor mean;        // [D], double
  torch::Tensor covariance;  // [D, D], double, unbiased (N - 1)
};

// From features [N, D], N >= 2.
GaussianFit FitGaussian(const torch::Tensor& features);

// d^2 as above (not its square root, following FID's convention).
double FrechetDistance(const GaussianFit& a, const GaussianFit& b);

}  // namespace ebm

#endif  // EBMBENCH_METRICS_FRECHET_DISTANCE_H_

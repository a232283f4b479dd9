// Methods `ssm` (sliced score matching, Song et al. 2019) and `dsm`
// (denoising score matching, Vincent 2011) with the model's score
// s(x) = grad_x f(x), and the losses they minimize.
#ifndef EBMBENCH_METHODS_SCORE_MATCHING_H_
#define EBMBENCH_METHODS_SCORE_MATCHING_H_

#include "src/methods/method.h"

namespace ebm {

// Per-example sliced score matching loss with projections v ([P, B, ...],
// P projections per example), averaged over projections:
//   variance-reduced:  v^T grad_x(v^T s(x)) + 1/2 |s(x)|^2
//   plain:             v^T grad_x(v^T s(x)) + 1/2 (v^T s(x))^2
// Both equal the exact score-matching loss in expectation over v ~ N(0, I).
torch::Tensor SlicedScoreMatchingLoss(EnergyModel& model, const torch::Tensor& x,
                                      const torch::Tensor& v,
                                      bool variance_reduced);

// Per-example exact score matching loss tr(grad_x s(x)) + 1/2 |s(x)|^2, the
// trace by one backward pass per input dimension (low dimensions only).
torch::Tensor ExactScoreMatchingLoss(EnergyModel& model, const torch::Tensor& x);

// Per-example denoising score matching loss for x~ = x + sigma_n * e:
//   1/2 |s(x~) + (x~ - x) / sigma_n^2|^2.
torch::Tensor DenoisingScoreMatchingLoss(EnergyModel& model,
                                         const torch::Tensor& x,
                                         const torch::Tensor& e, double sigma_n);

MethodInfo MakeSlicedScoreMatchingMethodInfo();
MethodInfo MakeDenoisingScoreMatchingMethodInfo();

}  // namespace ebm

#endif  // EBMBENCH_METHODS_SCORE_MATCHING_H_

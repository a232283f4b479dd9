// Estimators of the generator's entropy gradient (the heart of VERA).
//
// For x = g(z0) + sigma * eps, the gradient of H(q) in the generator's
// parameters phi is
//   grad H = E_x[ c(x)^T dx/dphi ],   c(x) = -grad_x log q(x)
//                                          = E_{q(z|x)}[(x - g(z)) / sigma^2].
// An estimator returns c (detached) for a batch of generator samples; the
// generator then ascends the surrogate S = mean_b sum(c * x), whose
// gradient through x is the entropy gradient (EntropySurrogate).
#ifndef EBMBENCH_METHODS_ENTROPY_ESTIMATOR_H_
#define EBMBENCH_METHODS_ENTROPY_ESTIMATOR_H_

#include <torch/torch.h>

#include "src/methods/method.h"
#include "src/models/gaussian_generator.h"

namespace ebm {

struct ScoreEstimate {
  torch::Tensor c;      // estimate of -grad_x log q(x), shaped as x, detached
  Scalars diagnostics;  // named scalars for the run's records
};

class EntropyGradientEstimator {
 public:
  virtual ~EntropyGradientEstimator() = default;

  // c for generator samples x with the latents z0 that produced them.
  virtual ScoreEstimate EstimateScore(GaussianGenerator& generator,
                                      const torch::Tensor& x,
                                      const torch::Tensor& z0,
                                      at::Generator& noise) = 0;
  // Trains the estimator's own state on the batch (the variational
  // posterior's ELBO step); touches no gradient of the generator.
  virtual Scalars Update(GaussianGenerator& generator, const torch::Tensor& x,
                         const torch::Tensor& z0, at::Generator& noise) {
    return {};
  }

  virtual void Save(torch::serialize::OutputArchive& archive) = 0;
  virtual void Load(torch::serialize::InputArchive& archive) = 0;
};

// S = mean over the batch of sum(c * x); x keeps its graph.
torch::Tensor EntropySurrogate(const torch::Tensor& c, const torch::Tensor& x);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_ENTROPY_ESTIMATOR_H_

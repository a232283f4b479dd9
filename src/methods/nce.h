// Method `nce`: noise-contrastive estimation (Gutmann & Hyvarinen 2010).
// The energy learns to tell data from noise drawn from a Gaussian fitted to
// the training data (mean and covariance, widened by noise_std_scale), with
// logit G(x) = f(x) - log p_n(x) - log nu for nu noise samples per data
// sample. At the optimum exp(f) is the data density itself, normalized: f
// learns its own log-normalizer (through the output bias).
#ifndef EBMBENCH_METHODS_NCE_H_
#define EBMBENCH_METHODS_NCE_H_

#include <torch/torch.h>

#include "src/methods/method.h"

namespace ebm {

// A full-covariance Gaussian over flattened samples.
class GaussianNoise {
 public:
  // Fitted to `data` [N, ...] with covariance scaled by scale^2 plus
  // ridge * I (keeps it positive definite on degenerate data).
  GaussianNoise(const torch::Tensor& data, double scale, double ridge);

  torch::Tensor Sample(int64_t n, at::Generator& generator) const;
  torch::Tensor LogProb(const torch::Tensor& x) const;  // [B]

 private:
  std::vector<int64_t> sample_shape_;
  torch::Tensor mean_, factor_, inverse_factor_, log_det_factor_;
};

// Mean NCE loss -[mean log sigmoid G(data) + nu mean log sigmoid -G(noise)].
torch::Tensor NceLoss(const torch::Tensor& logit_data,
                      const torch::Tensor& logit_noise, double nu);

MethodInfo MakeNceMethodInfo();

}  // namespace ebm

#endif  // EBMBENCH_METHODS_NCE_H_

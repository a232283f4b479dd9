// VERA's entropy-gradient estimator: self-normalized importance sampling of
// the generator's posterior q(z|x) with the proposal
//   xi(z | x) = N(z; z0, diag(eta^2)),
// centred on the latent z0 that produced x, with a learned per-dimension
// std eta (not a network). With K proposals z_k,
//   w_k = softmax_k( log q(x, z_k) - log xi(z_k | x) ),
//   c   = sum_k w_k (x - g(z_k)) / sigma^2.
// eta is trained on its own by Adam on the ELBO
//   log q(x, u) + H(xi),  u = z0 + eta * e (reparameterized).
// As in the official code, the generator's BatchNorm stays in whatever mode
// the caller set (train mode during training: batch statistics).
#ifndef EBMBENCH_METHODS_VARIATIONAL_POSTERIOR_H_
#define EBMBENCH_METHODS_VARIATIONAL_POSTERIOR_H_

#include <memory>

#include "src/methods/entropy_estimator.h"
#include "src/methods/fused_adam.h"

namespace ebm {

struct VariationalPosteriorSettings {
  int64_t num_samples = 20;  // K
  double eta_init = 0.1;
  double lr = 0.02;          // Adam (default betas) on log eta
};

class VariationalPosterior : public EntropyGradientEstimator {
 public:
  VariationalPosterior(int64_t nz, const VariationalPosteriorSettings& settings,
                       torch::Device device);

  ScoreEstimate EstimateScore(GaussianGenerator& generator,
                              const torch::Tensor& x, const torch::Tensor& z0,
                              at::Generator& noise) override;
  // One Adam step on -ELBO; returns {"posterior/elbo", "posterior/eta_mean"}.
  Scalars Update(GaussianGenerator& generator, const torch::Tensor& x,
                 const torch::Tensor& z0, at::Generator& noise) override;
  // The ELBO of the batch with the reparameterization noise `e` ([B, nz]),
  // differentiable in eta (for Update and for tests).
  torch::Tensor Elbo(GaussianGenerator& generator, const torch::Tensor& x,
                     const torch::Tensor& z0, const torch::Tensor& e);

  torch::Tensor eta() const { return log_eta_.exp(); }
  void set_eta(const torch::Tensor& eta);
  void set_num_samples(int64_t k) { settings_.num_samples = k; }

  void Save(torch::serialize::OutputArchive& archive) override;
  void Load(torch::serialize::InputArchive& archive) override;

 private:
  VariationalPosteriorSettings settings_;
  torch::Tensor log_eta_;
  std::unique_ptr<FusedAdam> optimizer_;
};

}  // namespace ebm

#endif  // EBMBENCH_METHODS_VARIATIONAL_POSTERIOR_H_

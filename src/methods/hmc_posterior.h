// The MCMC entropy-gradient estimator VERA improves upon (PresGAN-style):
// Hamiltonian Monte Carlo over z with potential
//   U(z) = 1/2 |z|^2 + 1/2 |x - g(z)|^2 / sigma^2,
// each chain started at the latent z0 that produced x (a sample of the
// exact posterior, so the chain starts at stationarity). After `burn_in`
// transitions (during which the step size adapts toward the target
// acceptance rate) it keeps `num_samples` states and returns
//   c = (x - mean_k g(z_k)) / sigma^2.
// The step size persists across calls (and checkpoints).
#ifndef EBMBENCH_METHODS_HMC_POSTERIOR_H_
#define EBMBENCH_METHODS_HMC_POSTERIOR_H_

#include "src/methods/entropy_estimator.h"

namespace ebm {

// The gradient the leapfrog steps with.
//   kFull: grad U, the exact HMC of the potential above (ebmbench's default).
//   kPriorOnly: z, the prior's part alone, as the official VERA code does
//     (it evaluates g(z) under no_grad in its leapfrog): the likelihood term
//     enters only through the accept/reject test. Still a valid Metropolis
//     scheme (the leapfrog stays reversible and volume-preserving), but its
//     proposals ignore the data, so it mixes worse.
enum class HmcGradient { kFull, kPriorOnly };

// U(z) per row and the leapfrog's gradient in z (see HmcGradient); the
// generator's parameters keep their .grad.
std::pair<torch::Tensor, torch::Tensor> HmcPotential(GaussianGenerator& generator,
                                                     const torch::Tensor& x,
                                                     const torch::Tensor& z,
                                                     const torch::Tensor& sigma,
                                                     HmcGradient gradient);

struct HmcSettings {
  HmcGradient gradient = HmcGradient::kFull;
  int64_t burn_in = 2;
  int64_t num_samples = 2;
  int64_t leapfrog_steps = 5;
  double target_accept = 0.67;
  double adapt_rate = 0.02;  // relative step-size change per unit of error
};

class HmcPosterior : public EntropyGradientEstimator {
 public:
  // The step size starts at 1 / nz.
  HmcPosterior(int64_t nz, const HmcSettings& settings);

  // Diagnostics: "hmc/accept" (acceptance rate over all transitions) and
  // "hmc/step_size".
  ScoreEstimate EstimateScore(GaussianGenerator& generator,
                              const torch::Tensor& x, const torch::Tensor& z0,
                              at::Generator& noise) override;

  double step_size() const { return step_size_; }
  void set_num_samples(int64_t n) { settings_.num_samples = n; }

  void Save(torch::serialize::OutputArchive& archive) override;
  void Load(torch::serialize::InputArchive& archive) override;

 private:
  HmcSettings settings_;
  double step_size_;
};

}  // namespace ebm

#endif  // EBMBENCH_METHODS_HMC_POSTERIOR_H_

#include "src/methods/hmc_posterior.h"

#include "src/core/random_tensors.h"

namespace ebm {

std::pair<torch::Tensor, torch::Tensor> HmcPotential(GaussianGenerator& generator,
                                                     const torch::Tensor& x,
                                                     const torch::Tensor& z,
                                                     const torch::Tensor& sigma,
                                                     HmcGradient gradient) {
  if (gradient == HmcGradient::kPriorOnly) {
    torch::NoGradGuard no_grad;
    torch::Tensor residual = (x - generator->Mean(z)).flatten(1);
    torch::Tensor u = 0.5 * z.pow(2).sum(1) + 0.5 * residual.pow(2).sum(1) / sigma.pow(2);
    return {u, z.detach().clone()};
  }
  torch::AutoGradMode enable(true);
  torch::Tensor leaf = z.detach().requires_grad_(true);
  torch::Tensor residual = (x - generator->Mean(leaf)).flatten(1);
  torch::Tensor u =
      0.5 * leaf.pow(2).sum(1) + 0.5 * residual.pow(2).sum(1) / sigma.pow(2);
  // Gradient in z only: the generator's parameters keep their .grad.
  torch::Tensor grad = torch::autograd::grad({u.sum()}, {leaf})[0];
  return {u.detach(), grad.detach()};
}

HmcPosterior::HmcPosterior(int64_t nz, const HmcSettings& settings)
    : settings_(settings), step_size_(1.0 / static_cast<double>(nz)) {}

ScoreEstimate HmcPosterior::EstimateScore(GaussianGenerator& generator,
                                          const torch::Tensor& x,
                                          const torch::Tensor& z0,
                                          at::Generator& noise) {
  torch::Tensor target = x.detach();
  torch::Tensor sigma = generator->sigma().detach();
  torch::Tensor current = z0.detach();
  auto [current_u, current_grad] =
      HmcPotential(generator, target, current, sigma, settings_.gradient);
  std::vector<torch::Tensor> kept;
  double accepted = 0;
  const int64_t transitions = settings_.burn_in + settings_.num_samples;
  for (int64_t t = 0; t < transitions; ++t) {
    const double eps = step_size_;
    torch::Tensor p0 = StandardNormal(current.sizes(), noise, current.options());
    torch::Tensor z = current;
    torch::Tensor p = p0 - 0.5 * eps * current_grad;
    torch::Tensor u, grad;
    for (int64_t j = 0; j < settings_.leapfrog_steps; ++j) {
      z = z + eps * p;
      const bool last = j + 1 == settings_.leapfrog_steps;
      if (last || settings_.gradient == HmcGradient::kFull) {
        std::tie(u, grad) = HmcPotential(generator, target, z, sigma, settings_.gradient);
      } else {
        // The prior's gradient is z itself, and U is read only at the
        // proposal: the generator pass of an inner step would be discarded.
        grad = z;
      }
      p = p - (last ? 0.5 * eps : eps) * grad;
    }
    torch::Tensor log_ratio = current_u - u + 0.5 * p0.pow(2).sum(1) -
                              0.5 * p.pow(2).sum(1);
    torch::Tensor uniform = Uniform01(log_ratio.sizes(), noise, log_ratio.options());
    torch::Tensor accept = uniform.log() < log_ratio;  // [B]
    torch::Tensor accept_column = accept.unsqueeze(1);
    current = torch::where(accept_column, z, current);
    current_u = torch::where(accept, u, current_u);
    current_grad = torch::where(accept_column, grad, current_grad);
    const double rate = accept.to(torch::kDouble).mean().item<double>();
    accepted += rate;
    if (t < settings_.burn_in) {
      step_size_ += settings_.adapt_rate * (rate - settings_.target_accept) * step_size_;
    } else {
      kept.push_back(current);
    }
  }
  torch::NoGradGuard no_grad;
  const int64_t n = static_cast<int64_t>(kept.size());
  torch::Tensor mean_output = generator->Mean(torch::cat(kept, 0));
  std::vector<int64_t> split = x.sizes().vec();
  split.insert(split.begin(), n);
  torch::Tensor c = (target - mean_output.view(split).mean(0)) / sigma.pow(2);
  return {c,
          {{"entropy/score_norm", c.flatten(1).norm(2, 1).mean().item<double>()},
           {"hmc/accept", accepted / transitions},
           {"hmc/step_size", step_size_}}};
}

void HmcPosterior::Save(torch::serialize::OutputArchive& archive) {
  archive.write("hmc_step_size", torch::tensor(step_size_, torch::kDouble));
}

void HmcPosterior::Load(torch::serialize::InputArchive& archive) {
  torch::Tensor saved;
  archive.read("hmc_step_size", saved);
  step_size_ = saved.item<double>();
}

}  // namespace ebm

#include "src/methods/variational_posterior.h"

#include <cmath>

#include "src/core/random_tensors.h"

namespace ebm {
namespace {

const double kHalfLog2Pi = 0.5 * std::log(2 * M_PI);

}  // namespace

VariationalPosterior::VariationalPosterior(
    int64_t nz, const VariationalPosteriorSettings& settings,
    torch::Device device)
    : settings_(settings) {
  log_eta_ = torch::full({nz}, std::log(settings.eta_init),
                         torch::TensorOptions().device(device))
                 .requires_grad_(true);
  optimizer_ = std::make_unique<FusedAdam>(
      std::vector<torch::Tensor>{log_eta_},
      torch::optim::AdamOptions(settings.lr));
}

ScoreEstimate VariationalPosterior::EstimateScore(GaussianGenerator& generator,
                                                  const torch::Tensor& x,
                                                  const torch::Tensor& z0,
                                                  at::Generator& noise) {
  torch::NoGradGuard no_grad;
  const int64_t k = settings_.num_samples;
  const int64_t batch = x.size(0);
  const int64_t nz = z0.size(1);
  torch::Tensor eta = log_eta_.detach().exp();
  torch::Tensor e = StandardNormal({k, batch, nz}, noise, z0.options());
  torch::Tensor z = (z0.unsqueeze(0) + eta * e).view({k * batch, nz});
  // One residual x - g(z) for all K * B rows, x broadcast rather than
  // repeated K times, shared by the weights and the score.
  torch::Tensor residual =
      x.reshape({1, batch, -1}) - generator->Mean(z).reshape({k, batch, -1});  // [K, B, D]
  torch::Tensor log_q =
      generator->LogJointOfResidual(z, residual.view({k * batch, -1})).view({k, batch});
  torch::Tensor log_xi = (-0.5 * e.pow(2) - log_eta_.detach() - kHalfLog2Pi).sum(2);
  torch::Tensor w = torch::softmax(log_q - log_xi, 0);  // [K, B]
  // Scaled before the weighted sum, as before the residual was shared: the
  // same roundings, so the same bits.
  torch::Tensor c = (w.unsqueeze(2) * (residual / generator->sigma().detach().pow(2)))
                        .sum(0)
                        .view(x.sizes());
  const double ess = (1.0 / w.pow(2).sum(0)).mean().item<double>();
  return {c,
          {{"entropy/score_norm", c.flatten(1).norm(2, 1).mean().item<double>()},
           {"posterior/ess", ess}}};
}

torch::Tensor VariationalPosterior::Elbo(GaussianGenerator& generator,
                                         const torch::Tensor& x,
                                         const torch::Tensor& z0,
                                         const torch::Tensor& e) {
  torch::Tensor u = z0.detach() + log_eta_.exp() * e;
  const int64_t nz = z0.size(1);
  torch::Tensor entropy = log_eta_.sum() + nz * (0.5 + kHalfLog2Pi);
  return generator->LogJoint(x.detach(), u) + entropy;
}

Scalars VariationalPosterior::Update(GaussianGenerator& generator,
                                     const torch::Tensor& x,
                                     const torch::Tensor& z0,
                                     at::Generator& noise) {
  torch::Tensor e = StandardNormal(z0.sizes(), noise, z0.options());
  torch::Tensor elbo = Elbo(generator, x, z0, e).mean();
  // Only eta's gradient: the generator's accumulated gradients stay as they are.
  torch::Tensor grad = torch::autograd::grad({-elbo}, {log_eta_})[0];
  log_eta_.mutable_grad() = grad;  // assigned, not accumulated
  optimizer_->step();
  return {{"posterior/elbo", elbo.item<double>()},
          {"posterior/eta_mean", eta().mean().item<double>()}};
}

void VariationalPosterior::set_eta(const torch::Tensor& eta) {
  torch::NoGradGuard no_grad;
  log_eta_.copy_(eta.log());
}

void VariationalPosterior::Save(torch::serialize::OutputArchive& archive) {
  archive.write("posterior_log_eta", log_eta_.detach());
  torch::serialize::OutputArchive state;
  optimizer_->save(state);
  archive.write("posterior_optimizer", state);
}

void VariationalPosterior::Load(torch::serialize::InputArchive& archive) {
  torch::Tensor saved;
  archive.read("posterior_log_eta", saved);
  {
    torch::NoGradGuard no_grad;
    log_eta_.copy_(saved);
  }
  torch::serialize::InputArchive state;
  archive.read("posterior_optimizer", state);
  optimizer_->load(state);
}

}  // namespace ebm

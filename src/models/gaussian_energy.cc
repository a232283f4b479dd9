#include "src/models/gaussian_energy.h"

#include <cmath>

#include "src/core/random_tensors.h"

namespace ebm {

GaussianEnergyImpl::GaussianEnergyImpl(int64_t dim) {
  mu = register_parameter("mu", torch::zeros({dim}));
  // Strict lower triangle as is; the diagonal holds log L_ii.
  raw_factor = register_parameter("raw_factor", torch::zeros({dim, dim}));
  offset = register_parameter("offset", torch::zeros({1}));
}

torch::Tensor GaussianEnergyImpl::CholeskyFactor() const {
  return raw_factor.tril(-1) + torch::diag_embed(raw_factor.diagonal().exp());
}

torch::Tensor GaussianEnergyImpl::forward(const torch::Tensor& x) {
  torch::Tensor whitened = (x - mu).mm(CholeskyFactor());
  return -0.5 * whitened.pow(2).sum(1) + offset;
}

torch::Tensor GaussianEnergyImpl::LogNormalizer() const {
  const int64_t d = mu.size(0);
  return offset.squeeze() + 0.5 * d * std::log(2 * M_PI) -
         raw_factor.diagonal().sum();
}

void GaussianEnergyImpl::Set(const torch::Tensor& new_mu,
                             const torch::Tensor& precision, double c) {
  torch::NoGradGuard no_grad;
  torch::Tensor factor = torch::linalg::cholesky(precision.to(torch::kFloat));
  mu.copy_(new_mu);
  raw_factor.copy_(factor.tril(-1) + torch::diag_embed(factor.diagonal().log()));
  offset.fill_(c);
}

torch::Tensor GaussianEnergyModel::InitialSamples(int64_t n,
                                                  at::Generator& generator) {
  auto options = net_->mu.options().requires_grad(false);
  return (Uniform01({n, dim_}, generator, options) * 2 - 1) * box_;
}

}  // namespace ebm

// A quadratic energy f(x) = -1/2 |L^T (x - mu)|^2 + c with learned mu, a
// lower-triangular L (positive diagonal) and offset c: a Gaussian with
// precision P = L L^T whose normalizer is known in closed form,
//   log Z = c + d/2 log 2 pi - sum_i log L_ii.
// Tests train and sample it where every optimum is analytic (NCE recovers
// log Z = 0, denoising score matching the smoothed data's precision, SGLD
// the Gaussian's moments).
#ifndef EBMBENCH_MODELS_GAUSSIAN_ENERGY_H_
#define EBMBENCH_MODELS_GAUSSIAN_ENERGY_H_

#include <torch/torch.h>

#include "src/models/energy_model.h"

namespace ebm {

class GaussianEnergyImpl : public torch::nn::Module {
 public:
  // Starts at mean 0, precision I, c = 0.
  explicit GaussianEnergyImpl(int64_t dim);

  torch::Tensor forward(const torch::Tensor& x);  // f(x), shape [B]
  torch::Tensor CholeskyFactor() const;           // L
  torch::Tensor Precision() const { return CholeskyFactor().mm(CholeskyFactor().t()); }
  torch::Tensor LogNormalizer() const;            // log Z of exp(f)
  // Sets the parameters to mean mu, precision P, offset c.
  void Set(const torch::Tensor& mu, const torch::Tensor& precision, double c);

  torch::Tensor mu, raw_factor, offset;
};
TORCH_MODULE(GaussianEnergy);

// GaussianEnergy as an EnergyModel; chains start uniform on [-box, box]^d.
class GaussianEnergyModel : public EnergyModel {
 public:
  GaussianEnergyModel(int64_t dim, double box) : net_(dim), dim_(dim), box_(box) {}

  torch::Tensor LogDensity(const torch::Tensor& x) override { return net_(x); }
  std::vector<int64_t> SampleShape() const override { return {dim_}; }
  bool HasExactLikelihood() const override { return true; }
  torch::Tensor ExactLogLikelihood(const torch::Tensor& x) override {
    return net_(x) - net_->LogNormalizer();
  }
  torch::Tensor InitialSamples(int64_t n, at::Generator& generator) override;
  torch::nn::Module& module() override { return *net_; }
  GaussianEnergy& net() { return net_; }

 private:
  GaussianEnergy net_;
  int64_t dim_;
  double box_;
};

}  // namespace ebm

#endif  // EBMBENCH_MODELS_GAUSSIAN_ENERGY_H_

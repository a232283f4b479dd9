// A multilayer perceptron x -> f(x) with LeakyReLU(0.2) activations: the
// paper's energy network for low-dimensional data (2-100-100-1 for toy 2-D).
// "softplus" and "elu" are smooth alternatives: a piecewise-linear network
// has a zero Hessian almost everywhere, so score matching's trace term
// vanishes and it cannot learn with LeakyReLU.
#ifndef EBMBENCH_MODELS_MLP_ENERGY_H_
#define EBMBENCH_MODELS_MLP_ENERGY_H_

#include <torch/torch.h>

#include "src/core/random_tensors.h"
#include "src/models/energy_model.h"

#include <string>
#include <vector>

#include "src/models/model_choices.h"

namespace ebm {

class MlpEnergyImpl : public torch::nn::Module {
 public:
  enum class Activation { kLeakyRelu, kSoftplus, kElu };
  // Throws std::invalid_argument for a name not in MlpActivationNames().
  static Activation ParseActivation(const std::string& name);

  // Layer widths from input to output, e.g. {2, 100, 100, 1}.
  // Throws std::invalid_argument for an unknown activation.
  explicit MlpEnergyImpl(const std::vector<int64_t>& widths,
                         const std::string& activation = "leaky_relu");
  // Returns shape [B, out]; for out = 1, the caller squeezes.
  torch::Tensor forward(torch::Tensor x);

  // For out = 1: d forward(x) / dx, shaped as x, without autograd. The
  // backward pass written out (the activations' torch backward kernels and
  // the transposed weights), so its values are autograd's; it skips the
  // graph, the engine and the output layer's forward, which on a
  // 2-100-100-1 net cost more than the arithmetic (SGLD's inner loop).
  torch::Tensor InputGradient(const torch::Tensor& x);

 private:
  std::vector<torch::nn::Linear> linears_;  // also in layers_, in order
  Activation activation_;  // parsed once; forward's modules and InputGradient agree
  torch::nn::Sequential layers_;
};
TORCH_MODULE(MlpEnergy);


// An MlpEnergy with one output as an EnergyModel over flat vectors, with
// chains starting uniform on [-box, box]^d (no exact likelihood).
class MlpEnergyModel : public EnergyModel {
 public:
  MlpEnergyModel(const std::vector<int64_t>& widths, const std::string& activation,
                 double box)
      : net_(widths, activation), dim_(widths.front()), box_(box) {}
  torch::Tensor LogDensity(const torch::Tensor& x) override {
    return net_(x).squeeze(1);
  }
  torch::Tensor LogDensityGradient(const torch::Tensor& x) override {
    return net_->InputGradient(x);
  }
  std::vector<int64_t> SampleShape() const override { return {dim_}; }
  torch::Tensor InitialSamples(int64_t n, at::Generator& generator) override {
    // On the parameters' device and in their dtype (CUDA, float64 tests).
    return (Uniform01({n, dim_}, generator, net_->parameters().front().options()) * 2 - 1) *
           box_;
  }
  torch::nn::Module& module() override { return *net_; }

 private:
  MlpEnergy net_;
  int64_t dim_;
  double box_;
};

}  // namespace ebm

#endif  // EBMBENCH_MODELS_MLP_ENERGY_H_

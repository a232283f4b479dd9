#include "src/models/mlp_energy.h"

#include <stdexcept>

#include "src/models/softplus.h"

namespace ebm {

namespace {

torch::nn::AnyModule MakeActivation(const std::string& name) {
  if (name == "leaky_relu")
    return torch::nn::AnyModule(
        torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
  if (name == "softplus") return torch::nn::AnyModule(SoftplusActivation());
  if (name == "elu") return torch::nn::AnyModule(torch::nn::ELU());
  throw std::invalid_argument("unknown activation '" + name + "'");
}

}  // namespace

std::vector<std::string> MlpActivationNames() {
  return {"leaky_relu", "softplus", "elu"};
}

MlpEnergyImpl::MlpEnergyImpl(const std::vector<int64_t>& widths,
                             const std::string& activation) {
  TORCH_CHECK(widths.size() >= 2, "an MLP needs an input and an output width");
  for (size_t i = 0; i + 1 < widths.size(); ++i) {
    layers_->push_back(torch::nn::Linear(widths[i], widths[i + 1]));
    if (i + 2 < widths.size()) {
      layers_->push_back(MakeActivation(activation));
    }
  }
  register_module("layers", layers_);
}

torch::Tensor MlpEnergyImpl::forward(torch::Tensor x) {
  return layers_->forward(x.flatten(1));
}

}  // namespace ebm

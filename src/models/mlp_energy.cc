#include "src/models/mlp_energy.h"

namespace ebm {

MlpEnergyImpl::MlpEnergyImpl(const std::vector<int64_t>& widths) {
  TORCH_CHECK(widths.size() >= 2, "an MLP needs an input and an output width");
  for (size_t i = 0; i + 1 < widths.size(); ++i) {
    layers_->push_back(torch::nn::Linear(widths[i], widths[i + 1]));
    if (i + 2 < widths.size()) {
      layers_->push_back(torch::nn::LeakyReLU(
          torch::nn::LeakyReLUOptions().negative_slope(0.2)));
    }
  }
  register_module("layers", layers_);
}

torch::Tensor MlpEnergyImpl::forward(torch::Tensor x) {
  return layers_->forward(x.flatten(1));
}

}  // namespace ebm

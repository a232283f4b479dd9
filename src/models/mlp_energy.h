// A multilayer perceptron x -> f(x) with LeakyReLU(0.2) activations: the
// paper's energy network for low-dimensional data (2-100-100-1 for toy 2-D).
#ifndef EBMBENCH_MODELS_MLP_ENERGY_H_
#define EBMBENCH_MODELS_MLP_ENERGY_H_

#include <torch/torch.h>

#include <vector>

namespace ebm {

class MlpEnergyImpl : public torch::nn::Module {
 public:
  // Layer widths from input to output, e.g. {2, 100, 100, 1}.
  explicit MlpEnergyImpl(const std::vector<int64_t>& widths);
  // Returns shape [B, out]; for out = 1, the caller squeezes.
  torch::Tensor forward(torch::Tensor x);

 private:
  torch::nn::Sequential layers_;
};
TORCH_MODULE(MlpEnergy);

}  // namespace ebm

#endif  // EBMBENCH_MODELS_MLP_ENERGY_H_

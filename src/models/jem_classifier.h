// A classifier read as an energy model, as in JEM (Grathwohl et al. 2020):
// the network's K logits h(x) give p(y|x) = softmax(h(x)) and the unnormalized
// log-density f(x) = logsumexp_y h(x)[y]. Here the network is an MLP (the
// paper's tabular EBM: D-1000-500-500-250-250-250-K, LeakyReLU 0.2).
#ifndef EBMBENCH_MODELS_JEM_CLASSIFIER_H_
#define EBMBENCH_MODELS_JEM_CLASSIFIER_H_

#include <torch/torch.h>

#include <vector>

#include "src/models/energy_model.h"
#include "src/models/mlp_energy.h"

namespace ebm {

class JemMlpClassifier : public EnergyModel {
 public:
  // widths: input, hidden..., classes. Chains start uniform on
  // [-box, box]^D (JEM's replay-buffer initialization with box 1).
  JemMlpClassifier(const std::vector<int64_t>& widths, double box);

  torch::Tensor LogDensity(const torch::Tensor& x) override;
  torch::Tensor Logits(const torch::Tensor& x) override;
  int64_t NumClasses() const override { return num_classes_; }
  std::vector<int64_t> SampleShape() const override { return {dim_}; }
  torch::Tensor InitialSamples(int64_t n, at::Generator& generator) override;
  torch::nn::Module& module() override { return *net_; }

 private:
  MlpEnergy net_;
  int64_t dim_, num_classes_;
  double box_;
};

}  // namespace ebm

#endif  // EBMBENCH_MODELS_JEM_CLASSIFIER_H_

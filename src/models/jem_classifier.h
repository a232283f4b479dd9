// A classifier read as an energy model, as in JEM (Grathwohl et al. 2020):
// the network's K logits h(x) give p(y|x) = softmax(h(x)) and the unnormalized
// log-density f(x) = logsumexp_y h(x)[y]. The network is any ClassifierNet:
// the paper's tabular MLP (D-1000-500-500-250-250-250-K, LeakyReLU 0.2), a
// Wide-ResNet or a small conv net for images.
#ifndef EBMBENCH_MODELS_JEM_CLASSIFIER_H_
#define EBMBENCH_MODELS_JEM_CLASSIFIER_H_

#include <torch/torch.h>

#include <memory>
#include <vector>

#include "src/models/classifier_net.h"
#include "src/models/energy_model.h"

namespace ebm {

class JemClassifier : public EnergyModel {
 public:
  // Samples have `sample_shape`; MCMC chains start uniform on
  // [-box, box] (JEM's replay-buffer initialization with box 1).
  JemClassifier(std::shared_ptr<ClassifierNet> net, std::vector<int64_t> sample_shape,
                int64_t num_classes, double box);

  torch::Tensor LogDensity(const torch::Tensor& x) override;
  torch::Tensor Logits(const torch::Tensor& x) override;
  int64_t NumClasses() const override { return num_classes_; }
  std::vector<int64_t> SampleShape() const override { return sample_shape_; }
  torch::Tensor InitialSamples(int64_t n, at::Generator& generator) override;
  torch::nn::Module& module() override { return *net_; }
  ClassifierNet& net() { return *net_; }

 private:
  std::shared_ptr<ClassifierNet> net_;
  std::vector<int64_t> sample_shape_;
  int64_t num_classes_;
  double box_;
};

// The MLP JEM over vectors: widths = input, hidden..., classes.
std::unique_ptr<JemClassifier> MakeJemMlpClassifier(const std::vector<int64_t>& widths,
                                                    double box);

}  // namespace ebm

#endif  // EBMBENCH_MODELS_JEM_CLASSIFIER_H_

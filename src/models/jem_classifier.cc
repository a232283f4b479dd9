#include "src/models/jem_classifier.h"

#include "src/core/random_tensors.h"
#include "src/models/mlp_energy.h"

namespace ebm {
namespace {

// The MLP as a ClassifierNet; its features are the last hidden layer's
// input to the logits, which no caller needs, so they are the logits.
class MlpClassifierNet : public ClassifierNet {
 public:
  explicit MlpClassifierNet(const std::vector<int64_t>& widths)
      : mlp_(register_module("mlp", MlpEnergy(widths, "leaky_relu"))) {}
  torch::Tensor forward(const torch::Tensor& x) override { return mlp_(x); }
  torch::Tensor Features(const torch::Tensor& x) override { return mlp_(x); }

 private:
  MlpEnergy mlp_;
};

}  // namespace

JemClassifier::JemClassifier(std::shared_ptr<ClassifierNet> net,
                             std::vector<int64_t> sample_shape, int64_t num_classes,
                             double box)
    : net_(std::move(net)), sample_shape_(std::move(sample_shape)),
      num_classes_(num_classes), box_(box) {
  TORCH_CHECK(num_classes_ >= 2, "a classifier needs at least two classes");
}

torch::Tensor JemClassifier::Logits(const torch::Tensor& x) { return net_->forward(x); }

torch::Tensor JemClassifier::LogDensity(const torch::Tensor& x) {
  return torch::logsumexp(Logits(x), /*dim=*/1);
}

torch::Tensor JemClassifier::InitialSamples(int64_t n, at::Generator& generator) {
  std::vector<int64_t> shape = {n};
  shape.insert(shape.end(), sample_shape_.begin(), sample_shape_.end());
  const torch::Tensor parameter = net_->parameters().front();
  return (Uniform01(shape, generator, parameter.options()) * 2 - 1) * box_;
}

std::unique_ptr<JemClassifier> MakeJemMlpClassifier(const std::vector<int64_t>& widths,
                                                    double box) {
  return std::make_unique<JemClassifier>(std::make_shared<MlpClassifierNet>(widths),
                                         std::vector<int64_t>{widths.front()},
                                         widths.back(), box);
}

}  // namespace ebm

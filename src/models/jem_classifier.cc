#include "src/models/jem_classifier.h"

namespace ebm {

JemMlpClassifier::JemMlpClassifier(const std::vector<int64_t>& widths, double box)
    : net_(widths, "leaky_relu"), dim_(widths.front()), num_classes_(widths.back()),
      box_(box) {
  TORCH_CHECK(num_classes_ >= 2, "a classifier needs at least two classes");
}

torch::Tensor JemMlpClassifier::Logits(const torch::Tensor& x) { return net_(x); }

torch::Tensor JemMlpClassifier::LogDensity(const torch::Tensor& x) {
  return torch::logsumexp(Logits(x), /*dim=*/1);
}

torch::Tensor JemMlpClassifier::InitialSamples(int64_t n, at::Generator& generator) {
  const torch::Tensor parameter = net_->parameters().front();
  return ((torch::rand({n, dim_}, generator, parameter.options()) * 2 - 1) * box_);
}

}  // namespace ebm

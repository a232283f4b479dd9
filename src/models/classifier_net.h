// A network from inputs [B, ...] to class logits [B, K]: what a JEM reads
// as an energy model (src/models/jem_classifier.h). Features() is the layer
// before the logits, for feature-space statistics (Fréchet distances).
#ifndef EBMBENCH_MODELS_CLASSIFIER_NET_H_
#define EBMBENCH_MODELS_CLASSIFIER_NET_H_

#include <torch/torch.h>

namespace ebm {

class ClassifierNet : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& x) = 0;
  virtual torch::Tensor Features(const torch::Tensor& x) = 0;
};

}  // namespace ebm

#endif  // EBMBENCH_MODELS_CLASSIFIER_NET_H_

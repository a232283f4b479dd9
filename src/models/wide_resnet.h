// Wide-ResNet (Zagoruyko & Komodakis 2016) as JEM uses it: pre-activation
// basic blocks with dropout between the two 3x3 convolutions, LeakyReLU(0.2)
// instead of ReLU, and no normalization by default (normalization makes
// f(x) depend on the batch, which breaks sampling). WRN-28-10 with dropout
// 0.3 is the paper's CIFAR-10 network; depth = 6n + 4.
//
//   conv3x3(C -> 16) | 3 groups of n blocks, 16w / 32w / 64w channels,
//   strides 1 / 2 / 2 | norm, LeakyReLU, global average pool | linear -> K
#ifndef EBMBENCH_MODELS_WIDE_RESNET_H_
#define EBMBENCH_MODELS_WIDE_RESNET_H_

#include <torch/torch.h>

#include <string>

#include "src/models/classifier_net.h"
#include "src/models/model_choices.h"

namespace ebm {

struct WideResNetOptions {
  int64_t depth = 28;  // 6n + 4
  int64_t width = 10;  // widening factor w
  double dropout = 0.0;
  int64_t in_channels = 3;
  int64_t num_classes = 10;
  std::string norm = "none";  // "none" or "batch"
};

// Throws std::invalid_argument for a depth that is not 6n + 4 (n >= 1), a
// width below 1, a dropout outside [0, 1) or an unknown norm.
std::shared_ptr<ClassifierNet> MakeWideResNet(const WideResNetOptions& options);


}  // namespace ebm

#endif  // EBMBENCH_MODELS_WIDE_RESNET_H_

// A small convolutional classifier for 28x28 (or 32x32) images: three
// LeakyReLU(0.2) convolutions (3x3 stride 1, then 4x4 stride 2 twice:
// 28 -> 14 -> 7), global average pooling to `features` channels, a linear
// layer to the logits. Cheap enough for a JEM on two CPU cores, and the
// feature network of the suite's offline Fréchet distance.
#ifndef EBMBENCH_MODELS_SMALL_CONV_NET_H_
#define EBMBENCH_MODELS_SMALL_CONV_NET_H_

#include <memory>

#include "src/models/classifier_net.h"

namespace ebm {

// Channels width, 2 width, `features`; throws std::invalid_argument for
// sizes below 1 or fewer than two classes.
std::shared_ptr<ClassifierNet> MakeSmallConvNet(int64_t in_channels, int64_t num_classes,
                                                int64_t width = 32, int64_t features = 128);

}  // namespace ebm

#endif  // EBMBENCH_MODELS_SMALL_CONV_NET_H_

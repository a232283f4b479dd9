// Labelled image data for the JEM tasks (jem, ood), in the model's space:
// float [N, C, H, W] with pixels p mapped to 2 p / 255 - 1 (JEM's [-1, 1]).
// Real sets come from src/data (MNIST, Fashion-MNIST, CIFAR-10/100, SVHN);
// "synthetic" is a small procedural set (oriented gratings, one class per
// orientation) for tests and quick checks.
#ifndef EBMBENCH_TASKS_IMAGE_CLASSIFICATION_DATA_H_
#define EBMBENCH_TASKS_IMAGE_CLASSIFICATION_DATA_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "src/core/params.h"

namespace ebm {

struct LabeledImageSet {
  torch::Tensor train_x, train_y;  // float [N, C, H, W], int64 [N]; CPU
  torch::Tensor test_x, test_y;
  int64_t classes = 0;
};

// A real set by name (throws std::runtime_error with the missing-data
// message), or the synthetic one from `params` (synthetic_size,
// synthetic_classes, synthetic_image) and `generator`.
LabeledImageSet LoadImageClassificationData(const std::string& name, const Params& params,
                                            at::Generator& generator);

// Just the test images of a real set (for OOD sets), in the same space.
torch::Tensor LoadTestImages(const std::string& name);

// Oriented gratings: class k has orientation pi k / classes, with random
// phase and frequency jitter plus pixel noise; 1 channel, size x size.
LabeledImageSet MakeSyntheticGratings(int64_t count, int64_t classes, int64_t size,
                                      at::Generator& generator);

}  // namespace ebm

#endif  // EBMBENCH_TASKS_IMAGE_CLASSIFICATION_DATA_H_

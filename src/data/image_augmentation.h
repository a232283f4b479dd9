// Training-time augmentation of image batches [B, C, H, W] in the model's
// space ([-1, 1]), as JEM and VERA train on CIFAR: pad by 4 (with black,
// -1, or by mirroring the border, as the official code's
// transforms.RandomCrop(padding_mode="reflect")) and crop back at a random
// offset, flip left-right with probability
// 1/2, then add Gaussian noise of std `noise` (JEM's 0.03, which smooths the
// data distribution that the energy must fit). Randomness comes from the
// caller's CPU generator only (drawn on the CPU, then moved: the same
// numbers on every device), so a resumed run augments as the original did.
#ifndef EBMBENCH_DATA_IMAGE_AUGMENTATION_H_
#define EBMBENCH_DATA_IMAGE_AUGMENTATION_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "src/data/data_choices.h"

namespace ebm {

enum class PadMode { kConstant, kReflect };

struct AugmentationOptions {
  int64_t pad = 0;  // random crop after padding by this many pixels; 0: none
  PadMode pad_mode = PadMode::kConstant;
  bool flip = false;
  double noise = 0.0;
  bool Any() const { return pad > 0 || flip || noise > 0; }
};

// Throws std::invalid_argument for an unknown name or pad mode ("constant",
// "reflect").
AugmentationOptions ParseAugmentation(const std::string& name, double noise,
                                      const std::string& pad_mode = "constant");

// `images` padded by `pad` pixels on each side of H and W.
torch::Tensor PadImages(const torch::Tensor& images, int64_t pad, PadMode mode);

torch::Tensor AugmentImages(const torch::Tensor& images, const AugmentationOptions& options,
                            at::Generator& generator);

}  // namespace ebm

#endif  // EBMBENCH_DATA_IMAGE_AUGMENTATION_H_

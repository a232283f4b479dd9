// Generator networks g(z) for images, for VERA's Gaussian generator
// (src/models/gaussian_generator.h). Both end in tanh (images live in
// [-1, 1]) and return flat [B, C*H*W] means, which the generator reshapes.
//
// DCGAN-style (28x28 or 32x32): linear nz -> 2f x s x s (s = size / 4),
// BatchNorm, ReLU, transposed conv 4x4/2 to f channels, BatchNorm, ReLU,
// transposed conv 4x4/2 to C channels, tanh.
//
// ResNet (SNGAN-style, as VERA's CIFAR generator; 32x32): linear
// nz -> f x 4 x 4, three residual blocks that upsample x2 (BN, ReLU,
// nearest upsampling, conv3x3, BN, ReLU, conv3x3; shortcut upsampled),
// BN, ReLU, conv3x3 to C channels, tanh. The paper: nz = 128, f = 256.
#ifndef EBMBENCH_MODELS_CONV_GENERATORS_H_
#define EBMBENCH_MODELS_CONV_GENERATORS_H_

#include <memory>

#include "src/models/gaussian_generator.h"

namespace ebm {

// size: 28 or 32 (a multiple of 4). Throws std::invalid_argument otherwise.
std::shared_ptr<GeneratorNet> MakeDcganGeneratorNet(int64_t nz, int64_t channels,
                                                    int64_t size, int64_t features);

// 32x32 outputs (4 x 2^3).
std::shared_ptr<GeneratorNet> MakeResNetGeneratorNet(int64_t nz, int64_t channels,
                                                     int64_t features);

}  // namespace ebm

#endif  // EBMBENCH_MODELS_CONV_GENERATORS_H_

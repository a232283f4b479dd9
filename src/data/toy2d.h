// Toy 2-D densities, generated from a seed: 8gaussians, moons, rings,
// checkerboard, pinwheel. All lie inside [-4.5, 4.5]^2 with overwhelming
// probability, so a grid on [-5, 5]^2 normalizes models trained on them.
#ifndef EBMBENCH_DATA_TOY2D_H_
#define EBMBENCH_DATA_TOY2D_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "src/data/data_choices.h"

namespace ebm {


// n samples of the named density, shape [n, 2], float32 on the CPU.
// Throws std::invalid_argument for an unknown name.
torch::Tensor SampleToy2d(const std::string& name, int64_t n,
                          at::Generator& generator);

}  // namespace ebm

#endif  // EBMBENCH_DATA_TOY2D_H_

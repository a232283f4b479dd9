// Numerical normalization of a 2-D density exp(f) on a bounded grid.
//
// The box [low, high]^2 is cut into resolution^2 square cells and f is
// evaluated at the cell midpoints (midpoint rule):
//   log Z = logsumexp_cells f(c) + log(cell area).
// Mass outside the box is ignored, so the box must hold the data with
// margin. For smooth, rapidly decaying densities the midpoint rule converges
// quickly: a standard Gaussian on [-5, 5]^2 at resolution 128 integrates to
// 1 within 1e-5 (tests/grid_normalizer_test.cc).
#ifndef EBMBENCH_METRICS_GRID_NORMALIZER_H_
#define EBMBENCH_METRICS_GRID_NORMALIZER_H_

#include <torch/torch.h>

#include <functional>

namespace ebm {

struct GridBox {
  double low = -5.0;
  double high = 5.0;
  int64_t resolution = 256;

  double CellArea() const;
};

// Cell midpoints, shape [resolution^2, 2], row-major in (x, y).
torch::Tensor GridPoints(const GridBox& box, torch::Device device);

// log Z of exp(log_density) on the box; differentiable when log_density is.
// Evaluates in chunks of `chunk` points to bound memory.
torch::Tensor GridLogNormalizer(
    const std::function<torch::Tensor(const torch::Tensor&)>& log_density,
    const GridBox& box, torch::Device device, int64_t chunk = 1 << 16);

}  // namespace ebm

#endif  // EBMBENCH_METRICS_GRID_NORMALIZER_H_

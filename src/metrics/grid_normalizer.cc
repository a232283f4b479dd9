#include "src/metrics/grid_normalizer.h"

#include <cmath>

namespace ebm {

double GridBox::CellArea() const {
  double side = (high - low) / static_cast<double>(resolution);
  return side * side;
}

torch::Tensor GridPoints(const GridBox& box, torch::Device device) {
  double side = (box.high - box.low) / static_cast<double>(box.resolution);
  // The default dtype (float32; float64 in the device equivalence test).
  auto options = torch::TensorOptions().device(device);
  torch::Tensor axis =
      torch::arange(box.resolution, options) * side + (box.low + side / 2);
  std::vector<torch::Tensor> mesh = torch::meshgrid({axis, axis}, "ij");
  return torch::stack({mesh[0].reshape(-1), mesh[1].reshape(-1)}, 1);
}

torch::Tensor GridLogNormalizer(
    const std::function<torch::Tensor(const torch::Tensor&)>& log_density,
    const GridBox& box, torch::Device device, int64_t chunk) {
  torch::Tensor points = GridPoints(box, device);
  std::vector<torch::Tensor> parts;
  for (int64_t start = 0; start < points.size(0); start += chunk) {
    parts.push_back(log_density(points.slice(0, start, start + chunk)));
  }
  return torch::logsumexp(torch::cat(parts), 0) + std::log(box.CellArea());
}

}  // namespace ebm

#include "src/data/toy2d.h"

#include <cmath>
#include <stdexcept>

namespace ebm {
namespace {

using torch::Tensor;

Tensor Normal(std::vector<int64_t> shape, at::Generator& g) {
  return torch::randn(shape, g, torch::kFloat32);
}

Tensor Uniform(std::vector<int64_t> shape, at::Generator& g) {
  return torch::rand(shape, g, torch::kFloat32);
}

Tensor Choice(int64_t classes, int64_t n, at::Generator& g) {
  return torch::randint(classes, {n}, g, torch::kLong);
}

// Eight Gaussians (std 0.35) on a circle of radius 2*sqrt(2).
Tensor EightGaussians(int64_t n, at::Generator& g) {
  Tensor angle = Choice(8, n, g).to(torch::kFloat32) * (2 * M_PI / 8);
  Tensor centres = torch::stack({torch::cos(angle), torch::sin(angle)}, 1);
  return centres * (2 * std::sqrt(2.0)) + Normal({n, 2}, g) * 0.35;
}

// Two interleaved half circles with Gaussian noise (std 0.2), centred.
Tensor Moons(int64_t n, at::Generator& g) {
  Tensor which = Choice(2, n, g).to(torch::kFloat32).unsqueeze(1);
  Tensor t = Uniform({n}, g) * M_PI;
  Tensor upper = torch::stack({torch::cos(t), torch::sin(t)}, 1);
  Tensor lower = torch::stack({1 - torch::cos(t), 0.5 - torch::sin(t)}, 1);
  Tensor points = upper * (1 - which) + lower * which;
  points = points - torch::tensor({0.5f, 0.25f});
  return points * 2 + Normal({n, 2}, g) * 0.2;
}

// Four concentric rings (radii 0.75..3), points proportional to radius.
Tensor Rings(int64_t n, at::Generator& g) {
  Tensor weights = torch::tensor({1.0f, 2.0f, 3.0f, 4.0f});
  Tensor ring = torch::multinomial(weights, n, /*replacement=*/true, g);
  Tensor radius = (ring.to(torch::kFloat32) + 1) * 0.75;
  Tensor angle = Uniform({n}, g) * (2 * M_PI);
  Tensor points = torch::stack({torch::cos(angle), torch::sin(angle)}, 1) *
                  radius.unsqueeze(1);
  return points + Normal({n, 2}, g) * 0.08;
}

// Uniform on the black squares of a 4x4 checkerboard over [-4, 4]^2.
Tensor Checkerboard(int64_t n, at::Generator& g) {
  Tensor x = Uniform({n}, g) * 4 - 2;
  Tensor y = Uniform({n}, g) - Choice(2, n, g).to(torch::kFloat32) * 2;
  // Python-style modulo keeps the pattern for negative columns.
  Tensor column_parity = torch::remainder(torch::floor(x), 2);
  y = y + column_parity;
  return torch::stack({x, y}, 1) * 2;
}

// Five spiral arms (radial std 0.3, tangential std 0.1, rate 0.25).
Tensor Pinwheel(int64_t n, at::Generator& g) {
  const int64_t arms = 5;
  Tensor arm = Choice(arms, n, g).to(torch::kFloat32);
  Tensor features = Normal({n, 2}, g) * torch::tensor({0.3f, 0.1f}) +
                    torch::tensor({1.0f, 0.0f});
  Tensor angle = arm * (2 * M_PI / arms) + 0.25 * torch::exp(features.select(1, 0));
  Tensor c = torch::cos(angle), s = torch::sin(angle);
  Tensor fx = features.select(1, 0), fy = features.select(1, 1);
  return torch::stack({c * fx - s * fy, s * fx + c * fy}, 1) * 2;
}

}  // namespace

torch::Tensor SampleToy2d(const std::string& name, int64_t n,
                          at::Generator& generator) {
  if (name == "8gaussians") return EightGaussians(n, generator);
  if (name == "moons") return Moons(n, generator);
  if (name == "rings") return Rings(n, generator);
  if (name == "checkerboard") return Checkerboard(n, generator);
  if (name == "pinwheel") return Pinwheel(n, generator);
  throw std::invalid_argument("unknown toy 2-D data set '" + name + "'");
}

}  // namespace ebm

#include "src/data/pixel_transform.h"

#include <cmath>
#include <stdexcept>

namespace ebm {

const std::vector<std::string>& PixelTransform::Names() {
  static const std::vector<std::string> names = {"scaled", "logit"};
  return names;
}

PixelTransform::PixelTransform(const std::string& name, double alpha)
    : logit_(name == "logit"), alpha_(alpha) {
  if (name != "scaled" && name != "logit")
    throw std::invalid_argument("unknown pixel transform '" + name +
                                "' (known: scaled, logit)");
  if (!(alpha >= 0 && alpha < 0.5))
    throw std::invalid_argument("logit alpha must lie in [0, 0.5)");
}

torch::Tensor PixelTransform::ToModel(const torch::Tensor& pixels) const {
  if (!logit_) return pixels * (2.0 / 255.0) - 1;
  torch::Tensor s = alpha_ + (1 - 2 * alpha_) * (pixels / 256.0);
  return s.log() - (1 - s).log();
}

torch::Tensor PixelTransform::ToUnit(const torch::Tensor& y) const {
  if (!logit_) return ((y + 1) / 2).clamp(0, 1);
  return ((y.sigmoid() - alpha_) / (1 - 2 * alpha_)).clamp(0, 1);
}

torch::Tensor PixelTransform::LogAbsJacobian(const torch::Tensor& y) const {
  const int64_t dims = y.size(1);
  auto options = y.options().dtype(torch::kFloat64);
  if (!logit_)
    return torch::full({y.size(0)}, dims * std::log(2.0 / 255.0), options);
  // dy/dp = (1 - 2 alpha) / (256 s (1 - s)) with s = sigmoid(y).
  torch::Tensor y64 = y.to(torch::kFloat64);
  return dims * (std::log(1 - 2 * alpha_) - std::log(256.0)) -
         (torch::log_sigmoid(y64) + torch::log_sigmoid(-y64)).sum(1);
}

double BitsPerDim(double mean_ll, double mean_log_jacobian, int64_t dims) {
  return -(mean_ll + mean_log_jacobian) / (static_cast<double>(dims) * std::log(2.0));
}

}  // namespace ebm

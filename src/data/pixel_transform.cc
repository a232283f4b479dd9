#include "src/data/pixel_transform.h"

#include <cmath>
#include <stdexcept>

namespace ebm {

PixelTransform::PixelTransform(const std::string& name, double alpha) : alpha_(alpha) {
  if (name == "dequantized") {
    kind_ = Kind::kDequantized;
  } else if (name == "logit") {
    kind_ = Kind::kLogit;
  } else if (name == "scaled") {
    kind_ = Kind::kScaled;
  } else {
    throw std::invalid_argument("unknown pixel transform '" + name +
                                "' (known: dequantized, logit, scaled)");
  }
  if (!(alpha >= 0 && alpha < 0.5))
    throw std::invalid_argument("logit alpha must lie in [0, 0.5)");
}

torch::Tensor PixelTransform::ToModel(const torch::Tensor& pixels,
                                      at::Generator& generator) const {
  if (!dequantizes()) return ToModel(pixels);
  torch::Tensor noise = torch::rand(pixels.sizes(), generator,
                                    torch::TensorOptions().dtype(pixels.scalar_type()));
  return ToModel(pixels + noise.to(pixels.device()));
}

torch::Tensor PixelTransform::ToModel(const torch::Tensor& pixels) const {
  switch (kind_) {
    case Kind::kScaled:
      return pixels * (2.0 / 255.0) - 1;
    case Kind::kDequantized:
      return pixels * (2.0 / 256.0) - 1;
    case Kind::kLogit:
      break;
  }
  torch::Tensor s = alpha_ + (1 - 2 * alpha_) * (pixels / 256.0);
  return s.log() - (1 - s).log();
}

torch::Tensor PixelTransform::ToUnit(const torch::Tensor& y) const {
  if (kind_ != Kind::kLogit) return ((y + 1) / 2).clamp(0, 1);
  return ((y.sigmoid() - alpha_) / (1 - 2 * alpha_)).clamp(0, 1);
}

torch::Tensor PixelTransform::LogAbsJacobian(const torch::Tensor& y) const {
  const int64_t dims = y.size(1);
  auto options = y.options().dtype(torch::kFloat64);
  if (kind_ != Kind::kLogit)
    return torch::full({y.size(0)}, dims * std::log(2.0 / PixelRange()), options);
  // dy/dp = (1 - 2 alpha) / (256 s (1 - s)) with s = sigmoid(y).
  torch::Tensor y64 = y.to(torch::kFloat64);
  return dims * (std::log(1 - 2 * alpha_) - std::log(256.0)) -
         (torch::log_sigmoid(y64) + torch::log_sigmoid(-y64)).sum(1);
}

double BitsPerDim(double mean_ll, double mean_log_jacobian, int64_t dims) {
  return -(mean_ll + mean_log_jacobian) / (static_cast<double>(dims) * std::log(2.0));
}

}  // namespace ebm

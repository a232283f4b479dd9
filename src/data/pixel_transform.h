// Pixels to a model's space and back, with the log-Jacobian that turns a
// density in the model's space into one on the 8-bit pixel scale (bits per
// dimension).
//   scaled: y = 2 p / 255 - 1                      (the official VERA code)
//   logit:  u = p / 256, s = alpha + (1 - 2 alpha) u, y = log s - log(1 - s)
//           (p dequantized by the caller: integer pixel + U[0, 1))
#ifndef EBMBENCH_DATA_PIXEL_TRANSFORM_H_
#define EBMBENCH_DATA_PIXEL_TRANSFORM_H_

#include <torch/torch.h>

#include <string>
#include <vector>

namespace ebm {

class PixelTransform {
 public:
  static const std::vector<std::string>& Names();  // scaled, logit
  // Throws std::invalid_argument for an unknown name or alpha outside [0, 0.5).
  PixelTransform(const std::string& name, double alpha);

  bool dequantizes() const { return logit_; }
  // p (float, [B, D], pixel scale) to y.
  torch::Tensor ToModel(const torch::Tensor& pixels) const;
  // y to intensities in [0, 1] (for pictures), clamped.
  torch::Tensor ToUnit(const torch::Tensor& y) const;
  // sum over dimensions of log|dy/dp| at each row of y; shape [B], double.
  torch::Tensor LogAbsJacobian(const torch::Tensor& y) const;

 private:
  bool logit_;
  double alpha_;
};

// Bits per dimension on the pixel scale of examples whose mean log-density
// in the model's space is `mean_ll` (nats) and mean log-Jacobian
// `mean_log_jacobian`: -(mean_ll + mean_log_jacobian) / (dims ln 2).
double BitsPerDim(double mean_ll, double mean_log_jacobian, int64_t dims);

}  // namespace ebm

#endif  // EBMBENCH_DATA_PIXEL_TRANSFORM_H_

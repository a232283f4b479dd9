// 8-bit pixels to a model's space and back, with the log-Jacobian that turns
// a density in the model's space into one on the pixel scale (bits per
// dimension).
//   dequantized: u = (p + noise) / 256, y = 2 u - 1          (the default)
//   logit:       u = (p + noise) / 256, s = alpha + (1 - 2 alpha) u,
//                y = log s - log(1 - s)
//   scaled:      y = 2 p / 255 - 1, no noise           (the official VERA code)
// noise ~ U[0, 1) per pixel (uniform dequantization). For the two
// dequantized transforms, bits/dim of a density in y-space is an upper
// bound of the discrete 8-bit negative log-likelihood (a density uniform on
// the data box gives exactly 8). The scaled transform puts every pixel of
// one value at one point: its "density" can grow without bound there, and
// it is not a likelihood of the data.
#ifndef EBMBENCH_DATA_PIXEL_TRANSFORM_H_
#define EBMBENCH_DATA_PIXEL_TRANSFORM_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "src/data/data_choices.h"

namespace ebm {

class PixelTransform {
 public:
  // Throws std::invalid_argument for an unknown name or alpha outside [0, 0.5).
  PixelTransform(const std::string& name, double alpha);

  // Whether pixels get uniform noise (and bits/dim is a true bound).
  bool dequantizes() const { return kind_ != Kind::kScaled; }
  // Pixels p (integer values, float [B, D]) to y, adding U[0, 1) noise drawn
  // from `generator` (a CPU generator) first when the transform dequantizes.
  torch::Tensor ToModel(const torch::Tensor& pixels, at::Generator& generator) const;
  // Already dequantized (or, for scaled, plain) pixel values to y.
  torch::Tensor ToModel(const torch::Tensor& pixels) const;
  // y to intensities in [0, 1] (for pictures), clamped.
  torch::Tensor ToUnit(const torch::Tensor& y) const;
  // sum over dimensions of log|dy/dp| at each row of y; shape [B], double.
  torch::Tensor LogAbsJacobian(const torch::Tensor& y) const;
  // 256 for the dequantized transforms (p + noise lies in [0, 256)), 255
  // for scaled.
  double PixelRange() const { return dequantizes() ? 256.0 : 255.0; }

 private:
  enum class Kind { kDequantized, kLogit, kScaled };
  Kind kind_;
  double alpha_;
};

// Bits per dimension on the pixel scale of examples whose mean log-density
// in the model's space is `mean_ll` (nats) and mean log-Jacobian
// `mean_log_jacobian`: -(mean_ll + mean_log_jacobian) / (dims ln 2).
double BitsPerDim(double mean_ll, double mean_log_jacobian, int64_t dims);

}  // namespace ebm

#endif  // EBMBENCH_DATA_PIXEL_TRANSFORM_H_

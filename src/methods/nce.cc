#include "src/methods/nce.h"

#include <cmath>

#include "src/core/random_tensors.h"
#include "src/methods/energy_training.h"
#include "src/methods/loss_method.h"

namespace ebm {

GaussianNoise::GaussianNoise(const torch::Tensor& data, double scale,
                             double ridge) {
  torch::NoGradGuard no_grad;
  sample_shape_ = data.sizes().vec();
  sample_shape_.erase(sample_shape_.begin());
  // Fitted in double: a 784-dimensional covariance from a few thousand
  // examples is badly conditioned in float.
  torch::Tensor flat = data.flatten(1).to(torch::kDouble);
  TORCH_CHECK(flat.size(0) >= 2, "fitting a Gaussian needs at least 2 examples");
  torch::Tensor mean = flat.mean(0);
  torch::Tensor centred = flat - mean;
  torch::Tensor covariance = centred.t().mm(centred) / (flat.size(0) - 1);
  const int64_t d = flat.size(1);
  covariance = covariance * (scale * scale) +
               ridge * torch::eye(d, covariance.options());
  torch::Tensor factor = torch::linalg::cholesky(covariance);
  torch::Tensor inverse = torch::linalg::inv(factor);
  auto options = data.options();
  mean_ = mean.to(options);
  factor_ = factor.to(options);
  inverse_factor_ = inverse.to(options);
  log_det_factor_ = factor.diagonal().log().sum().to(options);
}

torch::Tensor GaussianNoise::Sample(int64_t n, at::Generator& generator) const {
  torch::Tensor e = StandardNormal({n, mean_.size(0)}, generator, mean_.options());
  std::vector<int64_t> shape = sample_shape_;
  shape.insert(shape.begin(), n);
  return (mean_ + e.mm(factor_.t())).view(shape);
}

torch::Tensor GaussianNoise::LogProb(const torch::Tensor& x) const {
  torch::Tensor whitened = (x.flatten(1) - mean_).mm(inverse_factor_.t());
  const int64_t d = mean_.size(0);
  return -0.5 * whitened.pow(2).sum(1) - log_det_factor_ -
         0.5 * d * std::log(2 * M_PI);
}

torch::Tensor NceLoss(const torch::Tensor& logit_data,
                      const torch::Tensor& logit_noise, double nu) {
  return -(torch::log_sigmoid(logit_data).mean() +
           nu * torch::log_sigmoid(-logit_noise).mean());
}

namespace {

class Nce : public LossMethod {
 public:
  explicit Nce(const MethodContext& context)
      : LossMethod(context),
        nu_(context.params.GetDouble("noise_ratio")),
        noise_(FitNoise(context)) {
    TORCH_CHECK(nu_ > 0, "noise_ratio must be positive");
  }

  torch::Tensor Sample(int64_t n, at::Generator& noise) override {
    return noise_.Sample(n, noise);  // what the energy is contrasted with
  }

 protected:
  torch::Tensor Loss(const Batch& batch, at::Generator& noise,
                     Scalars& scalars) override {
    const int64_t n_noise =
        std::max<int64_t>(1, std::llround(nu_ * batch.x.size(0)));
    torch::Tensor x_noise = noise_.Sample(n_noise, noise);
    const double log_nu = std::log(nu_);
    torch::Tensor logit_data =
        DataLogDensity(batch) - noise_.LogProb(batch.x) - log_nu;
    torch::Tensor logit_noise =
        model_.LogDensity(x_noise) - noise_.LogProb(x_noise) - log_nu;
    const double accuracy =
        0.5 * ((logit_data > 0).to(torch::kDouble).mean() +
               (logit_noise < 0).to(torch::kDouble).mean())
                  .item<double>();
    scalars.push_back({"accuracy", accuracy});
    return NceLoss(logit_data, logit_noise, nu_);
  }

 private:
  static GaussianNoise FitNoise(const MethodContext& context) {
    TORCH_CHECK(context.data_sample, "nce needs training data to fit its noise");
    return GaussianNoise(
        context.data_sample(context.params.GetInt("noise_fit_examples")),
        context.params.GetDouble("noise_std_scale"),
        context.params.GetDouble("noise_ridge"));
  }

  double nu_;
  GaussianNoise noise_;
};

}  // namespace

MethodInfo MakeNceMethodInfo() {
  MethodInfo info{NceMethodDescription()};
  info.create = [](const MethodContext& context) {
    return std::make_unique<Nce>(context);
  };
  return info;
}

}  // namespace ebm

#include "src/models/gaussian_generator.h"

#include <cmath>
#include <stdexcept>

#include "src/core/random_tensors.h"
#include "src/models/softplus.h"

namespace ebm {
namespace {

const double kHalfLog2Pi = 0.5 * std::log(2 * M_PI);

int64_t Product(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

class MlpGeneratorNet : public GeneratorNet {
 public:
  explicit MlpGeneratorNet(torch::nn::Sequential layers)
      : layers_(register_module("layers", layers)) {}
  torch::Tensor forward(const torch::Tensor& z) override {
    return layers_->forward(z);
  }

 private:
  torch::nn::Sequential layers_;
};

class LinearGeneratorNet : public GeneratorNet {
 public:
  LinearGeneratorNet(int64_t nz, int64_t out_dim)
      : linear_(register_module("linear", torch::nn::Linear(nz, out_dim))) {}
  torch::Tensor forward(const torch::Tensor& z) override {
    return linear_->forward(z);
  }

 private:
  torch::nn::Linear linear_;
};

}  // namespace

GaussianGeneratorImpl::GaussianGeneratorImpl(std::shared_ptr<GeneratorNet> net,
                                             int64_t nz,
                                             std::vector<int64_t> sample_shape,
                                             double sigma_init)
    : net_(std::move(net)),
      nz_(nz),
      data_dim_(Product(sample_shape)),
      sample_shape_(std::move(sample_shape)) {
  register_module("net", net_);
  log_sigma_ = register_parameter(
      "log_sigma", torch::full({1}, std::log(sigma_init)));
}

torch::Tensor GaussianGeneratorImpl::Mean(const torch::Tensor& z) {
  std::vector<int64_t> shape = {z.size(0)};
  shape.insert(shape.end(), sample_shape_.begin(), sample_shape_.end());
  return net_->forward(z).view(shape);
}

GeneratorSample GaussianGeneratorImpl::Sample(int64_t n,
                                              at::Generator& generator) {
  auto options = log_sigma_.options().requires_grad(false);
  torch::Tensor z = StandardNormal({n, nz_}, generator, options);
  torch::Tensor mean = Mean(z);
  torch::Tensor eps = StandardNormal(mean.sizes(), generator, options);
  return {mean + sigma() * eps, z};
}

torch::Tensor GaussianGeneratorImpl::LogJoint(const torch::Tensor& x,
                                              const torch::Tensor& z) {
  return LogJointOfResidual(z, (x - Mean(z)).flatten(1));
}

torch::Tensor GaussianGeneratorImpl::LogJointOfResidual(const torch::Tensor& z,
                                                        const torch::Tensor& residual) {
  torch::Tensor log_prior = -0.5 * z.pow(2).sum(1) - nz_ * kHalfLog2Pi;
  torch::Tensor log_likelihood =
      -0.5 * residual.pow(2).sum(1) / sigma().pow(2) -
      data_dim_ * (log_sigma_ + kHalfLog2Pi);
  return log_prior + log_likelihood;
}

void GaussianGeneratorImpl::ClampSigma(double sigma_min, double sigma_max) {
  torch::NoGradGuard no_grad;
  log_sigma_.clamp_(std::log(sigma_min), std::log(sigma_max));
}

std::shared_ptr<GeneratorNet> MakeMlpGeneratorNet(int64_t nz, int64_t out_dim,
                                                  int64_t hidden, int64_t layers,
                                                  const std::string& activation) {
  torch::nn::Sequential net;
  int64_t width = nz;
  for (int64_t i = 0; i < layers; ++i) {
    net->push_back(torch::nn::Linear(
        torch::nn::LinearOptions(width, hidden).bias(false)));
    net->push_back(torch::nn::BatchNorm1d(hidden));
    if (activation == "softplus") {
      net->push_back(SoftplusActivation());
    } else if (activation == "relu") {
      net->push_back(torch::nn::ReLU());
    } else {
      throw std::invalid_argument("unknown generator activation '" +
                                  activation + "' (softplus or relu)");
    }
    width = hidden;
  }
  net->push_back(torch::nn::Linear(width, out_dim));
  return std::make_shared<MlpGeneratorNet>(net);
}

std::shared_ptr<GeneratorNet> MakeLinearGeneratorNet(int64_t nz, int64_t out_dim) {
  return std::make_shared<LinearGeneratorNet>(nz, out_dim);
}

}  // namespace ebm

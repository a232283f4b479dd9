#include "src/models/mlp_energy.h"

#include <stdexcept>

#include "src/models/softplus.h"

namespace ebm {

namespace {

constexpr double kLeakySlope = 0.2;

}  // namespace

MlpEnergyImpl::Activation MlpEnergyImpl::ParseActivation(const std::string& name) {
  if (name == "leaky_relu") return Activation::kLeakyRelu;
  if (name == "softplus") return Activation::kSoftplus;
  if (name == "elu") return Activation::kElu;
  throw std::invalid_argument("unknown activation '" + name + "'");
}

namespace {

torch::nn::AnyModule MakeActivation(MlpEnergyImpl::Activation activation) {
  switch (activation) {
    case MlpEnergyImpl::Activation::kLeakyRelu:
      return torch::nn::AnyModule(
          torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(kLeakySlope)));
    case MlpEnergyImpl::Activation::kSoftplus:
      return torch::nn::AnyModule(SoftplusActivation());
    case MlpEnergyImpl::Activation::kElu:
      return torch::nn::AnyModule(torch::nn::ELU());
  }
  TORCH_CHECK(false, "unhandled activation");
}

}  // namespace

MlpEnergyImpl::MlpEnergyImpl(const std::vector<int64_t>& widths,
                             const std::string& activation)
    : activation_(ParseActivation(activation)) {
  TORCH_CHECK(widths.size() >= 2, "an MLP needs an input and an output width");
  for (size_t i = 0; i + 1 < widths.size(); ++i) {
    linears_.push_back(torch::nn::Linear(widths[i], widths[i + 1]));
    layers_->push_back(linears_.back());
    if (i + 2 < widths.size()) {
      layers_->push_back(MakeActivation(activation_));
    }
  }
  register_module("layers", layers_);
}

torch::Tensor MlpEnergyImpl::forward(torch::Tensor x) {
  return layers_->forward(x.flatten(1));
}

torch::Tensor MlpEnergyImpl::InputGradient(const torch::Tensor& x) {
  TORCH_CHECK(linears_.back()->options.out_features() == 1,
              "InputGradient needs an MLP with one output");
  torch::NoGradGuard no_grad;
  // Forward through the hidden layers, keeping what each activation's
  // backward reads: the pre-activation (leaky_relu, elu) or the sigmoid
  // (softplus, as ebm::Softplus keeps it).
  const size_t hidden = linears_.size() - 1;
  std::vector<torch::Tensor> saved;
  torch::Tensor h = x.flatten(1);
  for (size_t i = 0; i < hidden; ++i) {
    torch::Tensor pre = linears_[i]->forward(h);
    switch (activation_) {
      case Activation::kSoftplus: {
        auto [value, sigmoid] = SoftplusAndSigmoid(pre);
        h = value;
        saved.push_back(sigmoid);
        break;
      }
      case Activation::kElu:
        h = torch::elu(pre);
        saved.push_back(pre);
        break;
      case Activation::kLeakyRelu:
        h = torch::leaky_relu(pre, kLeakySlope);
        saved.push_back(pre);
        break;
    }
  }
  // d f / d h for the last hidden h is the output layer's weight row. (A
  // contiguous copy: on a broadcast view torch's elu_backward takes its
  // scalar exp, and its bits would differ from autograd's.)
  torch::Tensor grad =
      linears_.back()->weight.detach().expand({h.size(0), h.size(1)}).contiguous();
  for (size_t i = hidden; i-- > 0;) {
    switch (activation_) {
      case Activation::kSoftplus:
        grad = grad * saved[i];
        break;
      case Activation::kElu:
        grad = at::elu_backward(grad, /*alpha=*/1, /*scale=*/1, /*input_scale=*/1,
                                /*is_result=*/false, saved[i]);
        break;
      case Activation::kLeakyRelu:
        grad = at::leaky_relu_backward(grad, saved[i], kLeakySlope, /*self_is_result=*/false);
        break;
    }
    grad = grad.mm(linears_[i]->weight);
  }
  return grad.reshape(x.sizes());
}

}  // namespace ebm

#include "src/models/nice_flow.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "src/core/random_tensors.h"
#include "src/models/softplus.h"

namespace ebm {
namespace {

// (Linear Softplus)^hidden_layers Linear; `layers` receives the Linears.
torch::nn::Sequential MakeShiftNet(int64_t in, int64_t out, int64_t hidden,
                                   int64_t hidden_layers,
                                   std::vector<torch::nn::Linear>* layers) {
  torch::nn::Sequential net;
  int64_t width = in;
  for (int64_t i = 0; i < hidden_layers; ++i) {
    layers->push_back(torch::nn::Linear(width, hidden));
    net->push_back(layers->back());
    net->push_back(SoftplusActivation());
    width = hidden;
  }
  layers->push_back(torch::nn::Linear(width, out));
  net->push_back(layers->back());
  return net;
}

}  // namespace

NiceFlowImpl::NiceFlowImpl(const NiceConfig& config)
    : config_(config), first_half_(config.dim / 2) {
  TORCH_CHECK(config.dim >= 2, "NICE needs at least 2 dimensions");
  TORCH_CHECK(config.couplings >= 1 && config.hidden >= 1 && config.hidden_layers >= 0,
              "NICE needs couplings >= 1, hidden >= 1, hidden_layers >= 0");
  // Even coordinates first, then odd: with the alternating halves below,
  // every pixel conditions on its horizontal neighbours.
  torch::Tensor order = torch::cat({torch::arange(0, config.dim, 2, torch::kLong),
                                    torch::arange(1, config.dim, 2, torch::kLong)});
  // Not buffers: Module::to(dtype) would cast them to floating point. They
  // follow the input's device instead (see Permuted).
  permutation_ = order;
  inverse_permutation_ = torch::argsort(order);
  const int64_t second_half = config.dim - first_half_;
  for (int64_t k = 0; k < config.couplings; ++k) {
    const bool even = k % 2 == 0;
    shift_layers_.emplace_back();
    shift_nets_.push_back(register_module(
        "coupling" + std::to_string(k),
        MakeShiftNet(even ? first_half_ : second_half, even ? second_half : first_half_,
                     config.hidden, config.hidden_layers, &shift_layers_.back())));
  }
  log_scale_ = register_parameter("log_scale", torch::zeros({config.dim}));
}

torch::Tensor NiceFlowImpl::Couple(int64_t k, const torch::Tensor& h, bool inverse) {
  torch::Tensor a = h.narrow(1, 0, first_half_);
  torch::Tensor b = h.narrow(1, first_half_, config_.dim - first_half_);
  const double sign = inverse ? -1.0 : 1.0;
  if (k % 2 == 0) {
    b = b + sign * shift_nets_[k]->forward(a);
  } else {
    a = a + sign * shift_nets_[k]->forward(b);
  }
  return torch::cat({a, b}, 1);
}

torch::Tensor NiceFlowImpl::Permuted(const torch::Tensor& x, bool inverse) {
  torch::Tensor& order = inverse ? inverse_permutation_ : permutation_;
  if (order.device() != x.device()) order = order.to(x.device());
  return x.index_select(1, order);
}

torch::Tensor NiceFlowImpl::Forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 2 && x.size(1) == config_.dim, "NICE expects [B, ",
              config_.dim, "], got ", x.sizes());
  torch::Tensor h = Permuted(x, false);
  for (int64_t k = 0; k < config_.couplings; ++k) h = Couple(k, h, false);
  return h * log_scale_.exp();
}

torch::Tensor NiceFlowImpl::Inverse(const torch::Tensor& y) {
  torch::Tensor h = y * (-log_scale_).exp();
  for (int64_t k = config_.couplings - 1; k >= 0; --k) h = Couple(k, h, true);
  return Permuted(h, true);
}

torch::Tensor NiceFlowImpl::LogProb(const torch::Tensor& x) {
  torch::Tensor y = Forward(x);
  const double log_norm = 0.5 * config_.dim * std::log(2 * M_PI);
  return -0.5 * y.pow(2).sum(1) + LogDet() - log_norm;
}

// The same arithmetic as autograd's pass through LogProb, op for op (so the
// same bits on CPU), without its costs: no graph, no saved inputs, no cat
// per coupling and no zero-filled gradients of the halves. The forward pass
// keeps only each hidden layer's softplus slope sigmoid(pre-activation);
// the backward pass is then, per coupling k from the last,
//   g_from += (((g_to W_n) * slope_(n-1)) W_(n-1) ... * slope_0) W_0
// where `to` is the half coupling k shifted and `from` the half it read.
torch::Tensor NiceFlowImpl::LogProbGradient(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 2 && x.size(1) == config_.dim, "NICE expects [B, ",
              config_.dim, "], got ", x.sizes());
  torch::NoGradGuard no_grad;
  const int64_t second_half = config_.dim - first_half_;
  // Coupling k reads half `from` and shifts half `to` (views of h or g).
  auto halves = [&](const torch::Tensor& h, int64_t k) {
    torch::Tensor a = h.narrow(1, 0, first_half_);
    torch::Tensor b = h.narrow(1, first_half_, second_half);
    return k % 2 == 0 ? std::make_pair(a, b) : std::make_pair(b, a);
  };
  torch::Tensor h = Permuted(x, false);  // a fresh tensor: shifted in place
  std::vector<std::vector<torch::Tensor>> slopes(config_.couplings);
  for (int64_t k = 0; k < config_.couplings; ++k) {
    auto [from, to] = halves(h, k);
    std::vector<torch::nn::Linear>& layers = shift_layers_[k];
    torch::Tensor t = from;
    for (size_t l = 0; l + 1 < layers.size(); ++l) {
      auto [value, slope] = SoftplusAndSigmoid(layers[l]->forward(t));
      slopes[k].push_back(std::move(slope));
      t = std::move(value);
    }
    to.add_(layers.back()->forward(t));
  }
  // log p = -|y|^2 / 2 + ... with y = h e^s: d/dh = -y e^s.
  const torch::Tensor scale = log_scale_.exp();
  torch::Tensor grad = (h * scale).neg_().mul_(scale);
  for (int64_t k = config_.couplings - 1; k >= 0; --k) {
    auto [from, to] = halves(grad, k);
    const std::vector<torch::nn::Linear>& layers = shift_layers_[k];
    torch::Tensor g = to.mm(layers.back()->weight);
    for (size_t l = layers.size() - 1; l-- > 0;) g = (g * slopes[k][l]).mm(layers[l]->weight);
    from.add_(g);
  }
  return Permuted(grad, true);
}

torch::Tensor NiceFlowImpl::Sample(int64_t n, at::Generator& generator) {
  torch::Tensor y = StandardNormal({n, config_.dim}, generator,
                                 log_scale_.options().requires_grad(false));
  return Inverse(y);
}

}  // namespace ebm

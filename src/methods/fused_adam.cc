#include "src/methods/fused_adam.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "src/core/cpu_clones.h"

namespace ebm {
namespace {

// The optimizer's state map is keyed by a string of the TensorImpl's
// address in LibTorch 1.x and by the address itself in 2.x.
template <typename Key>
Key StateKey(const torch::Tensor& p) {
  if constexpr (std::is_same_v<Key, std::string>) {
    return c10::guts::to_string(p.unsafeGetTensorImpl());
  } else {
    return p.unsafeGetTensorImpl();
  }
}

// Per-step constants of one parameter group, in the parameter's dtype
// (ATen's kernels also cast their scalars to it).
template <typename T>
struct Coefficients {
  T beta1, one_minus_beta1, beta2, one_minus_beta2, weight_decay, eps;
  T neg_step_size;         // -lr / (1 - beta1^t)
  // 1 / sqrt(1 - beta2^t): a multiplication instead of torch's division
  // (at most a rounding apart; division is the loop's slowest operation).
  T inverse_sqrt_bias_correction2;
};

// One element-wise pass, torch::optim::Adam's operations in its order:
//   g += wd * p;  m = m * b1 + (1 - b1) g;  v = v * b2 + (1 - b2) g g;
//   p += (-step_size * m) / (sqrt(v) * (1 / sqrt(bc2)) + eps).
// Returns the sum of the raw gradient's squares, accumulated in T over
// blocks of kBlock elements (so the loop vectorises) and in double across
// blocks.
constexpr int64_t kBlock = 512;

template <typename T>
__attribute__((always_inline)) inline double AdamLoop(T* __restrict p, const T* __restrict grad, T* __restrict m,
                       T* __restrict v, int64_t n, const Coefficients<T>& c) {
  double sum_squares = 0;
  for (int64_t start = 0; start < n; start += kBlock) {
    const int64_t end = std::min(n, start + kBlock);
    T block_squares = 0;
#pragma omp simd reduction(+ : block_squares)
    for (int64_t i = start; i < end; ++i) block_squares += grad[i] * grad[i];
#pragma omp simd
    for (int64_t i = start; i < end; ++i) {
      const T g = grad[i] + c.weight_decay * p[i];
      const T m_i = m[i] * c.beta1 + c.one_minus_beta1 * g;
      const T v_i = v[i] * c.beta2 + c.one_minus_beta2 * g * g;
      m[i] = m_i;
      v[i] = v_i;
      // The builtin, not std::sqrt: an out-of-line std::sqrt does not inline
      // into the AVX2 clone and stops vectorisation there.
      const T root = std::is_same_v<T, float> ? __builtin_sqrtf(v_i) : __builtin_sqrt(v_i);
      const T denom = root * c.inverse_sqrt_bias_correction2 + c.eps;
      p[i] = p[i] + c.neg_step_size * m_i / denom;
    }
    sum_squares += block_squares;
  }
  return sum_squares;
}

// Compiled for AVX2 and the baseline (src/core/cpu_clones.h): the loop runs
// near memory speed either way, but sqrt and division are twice as wide.
EBM_CPU_CLONES double AdamFloat(float* p, const float* grad, float* m, float* v,
                                int64_t n, const Coefficients<float>& c) {
  return AdamLoop(p, grad, m, v, n, c);
}

EBM_CPU_CLONES double AdamDouble(double* p, const double* grad, double* m, double* v,
                                 int64_t n, const Coefficients<double>& c) {
  return AdamLoop(p, grad, m, v, n, c);
}

template <typename T>
Coefficients<T> MakeCoefficients(const torch::optim::AdamOptions& options, int64_t step) {
  const double beta1 = std::get<0>(options.betas());
  const double beta2 = std::get<1>(options.betas());
  const double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(step));
  const double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(step));
  return {static_cast<T>(beta1),
          static_cast<T>(1 - beta1),
          static_cast<T>(beta2),
          static_cast<T>(1 - beta2),
          static_cast<T>(options.weight_decay()),
          static_cast<T>(options.eps()),
          static_cast<T>(-options.lr() / bias_correction1),
          static_cast<T>(1 / std::sqrt(bias_correction2))};
}

bool FusableTensor(const torch::Tensor& t, const torch::Tensor& p) {
  return t.device().is_cpu() && t.layout() == torch::kStrided && t.is_contiguous() &&
         t.scalar_type() == p.scalar_type();
}

}  // namespace

bool FusedAdam::Fusable() const {
  for (const auto& group : param_groups_) {
    if (static_cast<const torch::optim::AdamOptions&>(group.options()).amsgrad()) return false;
    for (const torch::Tensor& p : group.params()) {
      const torch::Tensor& grad = p.grad();
      const bool dtype_ok = p.scalar_type() == torch::kFloat || p.scalar_type() == torch::kDouble;
      if (!dtype_ok || !FusableTensor(p, p)) return false;
      if (grad.defined() && !FusableTensor(grad, p)) return false;
    }
  }
  return true;
}

torch::Tensor FusedAdam::step(LossClosure closure) {
  using Key = typename std::decay_t<decltype(state_)>::key_type;
  if (!Fusable()) {
    std::vector<torch::Tensor> squares;
    for (auto& group : param_groups_) {
      for (torch::Tensor& p : group.params()) {
        if (p.grad().defined()) {
          squares.push_back(p.grad().pow(2).sum().to(torch::kDouble));
        } else if (state_.count(StateKey<Key>(p)) > 0) {
          // A cleared gradient is a zero one here too (torch's step would
          // skip the parameter).
          p.mutable_grad() = torch::zeros_like(p);
        }
      }
    }
    // One read for all tensors: on CUDA one host round trip, not one each.
    last_gradient_norm_ =
        squares.empty() ? 0.0 : std::sqrt(torch::stack(squares).sum().item<double>());
    return torch::optim::Adam::step(std::move(closure));
  }
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure != nullptr) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  double sum_squares = 0;
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
    for (torch::Tensor& p : group.params()) {
      const torch::Tensor& grad = p.grad();
      const Key key = StateKey<Key>(p);
      auto found = state_.find(key);
      if (!grad.defined() && found == state_.end()) continue;  // as torch: never trained
      if (found == state_.end()) {
        auto fresh = std::make_unique<torch::optim::AdamParamState>();
        fresh->step(0);
        fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        found = state_.emplace(key, std::move(fresh)).first;
      }
      auto& state = static_cast<torch::optim::AdamParamState&>(*found->second);
      // State loaded from a checkpoint may come in any layout.
      if (!state.exp_avg().is_contiguous()) state.exp_avg(state.exp_avg().contiguous());
      if (!state.exp_avg_sq().is_contiguous()) state.exp_avg_sq(state.exp_avg_sq().contiguous());
      state.step(state.step() + 1);
      const int64_t n = p.numel();
      // A cleared gradient is a zero one (rare: a parameter the last
      // backward did not reach).
      const torch::Tensor g = grad.defined() ? grad : torch::zeros_like(p);
      if (p.scalar_type() == torch::kFloat) {
        sum_squares += AdamFloat(p.data_ptr<float>(),
                                 g.data_ptr<float>(),
                                 state.exp_avg().data_ptr<float>(),
                                 state.exp_avg_sq().data_ptr<float>(), n,
                                 MakeCoefficients<float>(options, state.step()));
      } else {
        sum_squares += AdamDouble(p.data_ptr<double>(),
                                  g.data_ptr<double>(),
                                  state.exp_avg().data_ptr<double>(),
                                  state.exp_avg_sq().data_ptr<double>(), n,
                                  MakeCoefficients<double>(options, state.step()));
      }
    }
  }
  last_gradient_norm_ = std::sqrt(sum_squares);
  return loss;
}

void ClearGradients(const std::vector<torch::Tensor>& parameters) {
  for (const torch::Tensor& p : parameters) {
    // mutable_grad() on a const Tensor still reaches the shared TensorImpl.
    const_cast<torch::Tensor&>(p).mutable_grad().reset();
  }
}

}  // namespace ebm

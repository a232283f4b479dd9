#include "src/models/softplus.h"

#include <ATen/Parallel.h>

#include <cstdint>

#include "src/core/cpu_clones.h"

namespace ebm {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// a * b + c, as one fused multiply-add (one rounding) in the FMA copies.
template <bool kFma>
__attribute__((always_inline)) inline float MultiplyAdd(float a, float b, float c) {
  if constexpr (kFma) {
    return __builtin_fmaf(a, b, c);
  } else {
    return a * b + c;
  }
}

// e^y for y in [-87, 0]: y = n ln2 + r with |r| <= ln2 / 2 (ln2 split in a
// part whose products with n are exact and a small rest), e^r by its Taylor
// polynomial to r^7 (truncation below 1e-8 relative), times 2^n built in the
// exponent bits (n >= -126: a normal float).
template <bool kFma>
__attribute__((always_inline)) inline float ExpNonPositive(float y) {
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2High = 0.693145751953125f;  // 12 significant bits
  constexpr float kLn2Low = 1.42860676533018704e-06f;
  constexpr float kRoundToInteger = 12582912.0f;  // 1.5 * 2^23
  const float n = (y * kLog2e + kRoundToInteger) - kRoundToInteger;
  const float r = (y - n * kLn2High) - n * kLn2Low;
  float p = static_cast<float>(1.0 / 5040);
  p = MultiplyAdd<kFma>(p, r, static_cast<float>(1.0 / 720));
  p = MultiplyAdd<kFma>(p, r, static_cast<float>(1.0 / 120));
  p = MultiplyAdd<kFma>(p, r, static_cast<float>(1.0 / 24));
  p = MultiplyAdd<kFma>(p, r, static_cast<float>(1.0 / 6));
  p = MultiplyAdd<kFma>(p, r, 0.5f);
  p = MultiplyAdd<kFma>(p, r, 1.0f);
  p = MultiplyAdd<kFma>(p, r, 1.0f);
  const int32_t exponent_bits = (static_cast<int32_t>(n) + 127) << 23;
  return p * __builtin_bit_cast(float, exponent_bits);
}

// log(1 + t) for t in [0, 1] as 2 atanh(u), u = t / (2 + t) <= 1/3: the odd
// series 2u (1 + u^2/3 + u^4/5 + ... + u^14/15), whose next term is below
// 2e-9 relative; accurate for tiny t, where 1 + t would round.
template <bool kFma>
__attribute__((always_inline)) inline float Log1pUnit(float t) {
  const float u = t / (2.0f + t);
  const float w = u * u;
  float p = 1.0f / 15;
  p = MultiplyAdd<kFma>(p, w, 1.0f / 13);
  p = MultiplyAdd<kFma>(p, w, 1.0f / 11);
  p = MultiplyAdd<kFma>(p, w, 1.0f / 9);
  p = MultiplyAdd<kFma>(p, w, 1.0f / 7);
  p = MultiplyAdd<kFma>(p, w, 1.0f / 5);
  p = MultiplyAdd<kFma>(p, w, 1.0f / 3);
  p = MultiplyAdd<kFma>(p, w, 1.0f);
  return 2.0f * u * p;
}

// softplus and (when kSigmoid) sigmoid of n floats from t = e^-|x|.
// NaN propagates to both; +-inf give (inf, 1) and (0, 0).
template <bool kSigmoid, bool kFma>
__attribute__((always_inline)) inline void SoftplusLoop(const float* __restrict x,
                                                        float* __restrict y,
                                                        float* __restrict s, int64_t n) {
  constexpr float kUnderflow = 87.0f;  // e^-87 ~ 1.6e-38, the last normal floats
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    const float xi = x[i];
    const float a = __builtin_fabsf(xi);
    // Both sides of every choice are computed (selects, not branches, so
    // that the loop vectorises).
    // NaN passes through (and on into t, softplus and sigmoid).
    const float clamped = a > kUnderflow ? kUnderflow : a;
    const float e = ExpNonPositive<kFma>(-clamped);
    const float t = a > kUnderflow ? 0.0f : e;
    const float positive_part = xi < 0.0f ? 0.0f : xi;
    y[i] = positive_part + Log1pUnit<kFma>(t);
    if constexpr (kSigmoid) {
      const float q = 1.0f / (1.0f + t);
      s[i] = xi < 0.0f ? t * q : q;
    }
  }
}

// The loop for each CPU level (src/core/cpu_clones.h); sigmoid when s is
// not null. The polynomials are latency chains of multiply-adds: FMA halves
// their length and AVX-512 doubles the lanes (measured on a Cooper Lake:
// 1.39, 0.85 and 0.51 ns per element for baseline-on-AVX2, v3 and v4).
using SoftplusLoopFunction = void (*)(const float*, float*, float*, int64_t);

template <bool kFma>
__attribute__((always_inline)) inline void SoftplusMaybeSigmoid(const float* x, float* y,
                                                                float* s, int64_t n) {
  if (s != nullptr) {
    SoftplusLoop<true, kFma>(x, y, s, n);
  } else {
    SoftplusLoop<false, kFma>(x, y, nullptr, n);
  }
}

EBM_TARGET_X86_64_V4 void SoftplusV4(const float* x, float* y, float* s, int64_t n) {
  SoftplusMaybeSigmoid<true>(x, y, s, n);
}

EBM_TARGET_X86_64_V3 void SoftplusV3(const float* x, float* y, float* s, int64_t n) {
  SoftplusMaybeSigmoid<true>(x, y, s, n);
}

// No FMA: AVX2 registers where the CPU has them, SSE2 otherwise.
EBM_CPU_CLONES void SoftplusBaseline(const float* x, float* y, float* s, int64_t n) {
  SoftplusMaybeSigmoid<false>(x, y, s, n);
}

SoftplusLoopFunction LoopFor(CpuLevel level) {
  TORCH_CHECK(static_cast<int>(level) <= static_cast<int>(DetectedCpuLevel()),
              "this CPU does not run the softplus loop of x86-64 level ",
              static_cast<int>(level));
  switch (level) {
    case CpuLevel::kX86_64_V4: return SoftplusV4;
    case CpuLevel::kX86_64_V3: return SoftplusV3;
    case CpuLevel::kBaseline: break;
  }
  return SoftplusBaseline;
}

// The loop of the running CPU's level, chosen once.
SoftplusLoopFunction BestLoop() {
  static const SoftplusLoopFunction best = LoopFor(DetectedCpuLevel());
  return best;
}

bool UsesFusedLoop(const torch::Tensor& x) {
  return x.device().is_cpu() && x.layout() == torch::kStrided &&
         x.scalar_type() == torch::kFloat;
}

// softplus(x), and sigmoid(x) into *sigmoid when it is not null.
torch::Tensor SoftplusKernel(const torch::Tensor& x, torch::Tensor* sigmoid,
                             SoftplusLoopFunction loop) {
  torch::NoGradGuard no_grad;
  if (!UsesFusedLoop(x)) {
    if (sigmoid != nullptr) *sigmoid = torch::sigmoid(x);
    return torch::softplus(x);
  }
  const torch::Tensor input = x.contiguous();
  torch::Tensor y = torch::empty_like(input);
  if (sigmoid != nullptr) *sigmoid = torch::empty_like(input);
  const float* in = input.data_ptr<float>();
  float* out = y.data_ptr<float>();
  float* sig = sigmoid != nullptr ? sigmoid->data_ptr<float>() : nullptr;
  // Element-wise, so any split over LibTorch's threads gives the same bits.
  constexpr int64_t kGrain = 32768;
  at::parallel_for(0, input.numel(), kGrain, [&](int64_t begin, int64_t end) {
    loop(in + begin, out + begin, sig != nullptr ? sig + begin : nullptr, end - begin);
  });
  return y;
}

// g * sigmoid(x), softplus's backward, as a differentiable function of g
// and x (s = sigmoid(x) comes saved from the forward pass).
struct SigmoidScale : public torch::autograd::Function<SigmoidScale> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& g,
                               const torch::Tensor& x, const torch::Tensor& s) {
    ctx->save_for_backward({g, x, s});
    return g * s;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const variable_list saved = ctx->get_saved_variables();
    const torch::Tensor& g = saved[0];
    const torch::Tensor& x = saved[1];
    // The saved s is a constant to autograd; a third derivative needs
    // sigmoid as a function of x.
    const torch::Tensor s = torch::GradMode::is_enabled() ? torch::sigmoid(x) : saved[2];
    const torch::Tensor grad_s = grads[0] * s;
    // d/dx [g s] = g s (1 - s).
    return {grad_s, grad_s * g * (1 - s), torch::Tensor()};
  }
};

struct SoftplusFunction : public torch::autograd::Function<SoftplusFunction> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x) {
    torch::Tensor sigmoid;
    torch::Tensor y = SoftplusKernel(x, &sigmoid, BestLoop());
    ctx->save_for_backward({x, sigmoid});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const variable_list saved = ctx->get_saved_variables();
    // create_graph: keep the backward differentiable (gradient penalties,
    // score matching); otherwise it is one multiplication.
    if (torch::GradMode::is_enabled()) return {SigmoidScale::apply(grads[0], saved[0], saved[1])};
    return {grads[0] * saved[1]};
  }
};

}  // namespace

std::pair<torch::Tensor, torch::Tensor> SoftplusAndSigmoid(const torch::Tensor& x) {
  torch::Tensor sigmoid;
  torch::Tensor y = SoftplusKernel(x, &sigmoid, BestLoop());
  return {y, sigmoid};
}

std::pair<torch::Tensor, torch::Tensor> SoftplusAndSigmoidAtLevel(const torch::Tensor& x,
                                                                  CpuLevel level) {
  torch::Tensor sigmoid;
  torch::Tensor y = SoftplusKernel(x, &sigmoid, LoopFor(level));
  return {y, sigmoid};
}

torch::Tensor Softplus(const torch::Tensor& x) {
  // Nothing to differentiate: no sigmoid to keep.
  if (!torch::GradMode::is_enabled() || !x.requires_grad())
    return SoftplusKernel(x, nullptr, BestLoop());
  return SoftplusFunction::apply(x);
}

}  // namespace ebm

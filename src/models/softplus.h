// softplus(x) = log(1 + e^x) as one pass that also keeps sigmoid(x), the
// derivative, for the backward pass.
//
// torch::softplus saves its input and recomputes e^x in the backward pass
// (and twice more in a double backward, which VERA's gradient penalty and
// score matching take); its float32 kernel spends ~3 ns per element in
// Sleef's exp and log1p. In the paper's NICE (16 softplus layers of
// 200 x 1000 per pass) that was 13 ms of a 183 ms exact-ML step. Here one
// vectorised loop computes t = e^-|x| once and from it both
//   softplus(x) = max(x, 0) + log1p(t),   sigmoid(x) = 1 / (1 + t) or t / (1 + t),
// so the backward pass is one multiplication, and the double backward
// reuses the same sigmoid: d/dx [g sigmoid(x)] = g sigmoid(x) (1 - sigmoid(x)).
// Derivatives of third and higher order recompute sigmoid(x) with
// differentiable ops, so every order is exact. The float32 loop is compiled
// per CPU level (src/core/cpu_clones.h): with FMA (x86-64-v3) and AVX-512
// (v4) it runs 1.6x and 2.7x faster than without; the FMA copies round
// once per multiply-add, so their bits differ from the baseline copy's.
//
// The function is softplus with beta 1; torch's threshold (x > 20 returns
// x) is what float32 rounds to anyway. Values differ from torch's by
// roundings (a few units in the last place; tests/softplus_test.cc bounds
// them against a float64 reference), and below e^-87 the result is 0
// instead of a denormal. Float32 CPU tensors take the fused loop; other
// dtypes and devices compute softplus and sigmoid with torch's kernels
// (the backward saving is the same there).
#ifndef EBMBENCH_MODELS_SOFTPLUS_H_
#define EBMBENCH_MODELS_SOFTPLUS_H_

#include <torch/torch.h>

#include <utility>

#include "src/core/cpu_clones.h"

namespace ebm {

// softplus(x), differentiable to any order.
torch::Tensor Softplus(const torch::Tensor& x);

// The forward kernel alone: {softplus(x), sigmoid(x)}, no autograd.
std::pair<torch::Tensor, torch::Tensor> SoftplusAndSigmoid(const torch::Tensor& x);

// The same with the float32 loop compiled for `level` rather than the
// running CPU's best, so tests check every copy. Throws for a level this
// CPU lacks.
std::pair<torch::Tensor, torch::Tensor> SoftplusAndSigmoidAtLevel(const torch::Tensor& x,
                                                                  CpuLevel level);

// Softplus as a layer of a torch::nn::Sequential.
class SoftplusActivationImpl : public torch::nn::Module {
 public:
  torch::Tensor forward(const torch::Tensor& x) { return Softplus(x); }
};
TORCH_MODULE(SoftplusActivation);

}  // namespace ebm

#endif  // EBMBENCH_MODELS_SOFTPLUS_H_

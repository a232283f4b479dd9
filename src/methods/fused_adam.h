// Adam with torch::optim::Adam's options, update rule and state (so
// checkpoints and SaveOptimizer/LoadOptimizer are unchanged), whose step on
// CPU parameters is one pass over each tensor instead of about eight.
//
// torch::optim::Adam updates a parameter with a chain of tensor operations
// (mul_, add_, mul_, addcmul_, sqrt, div, add_, addcdiv_), each a full pass
// over memory and two of them allocating temporaries: for the paper's NICE
// (15.1 M parameters) that is ~1.2 GB of memory traffic and 41 ms of a
// 175 ms exact-ML step on one core. The fused loop reads p, grad, m, v once
// and writes p, m, v once (~0.4 GB), and sums the gradient's squares on the
// way, so the step's gradient norm costs no extra pass.
//
// The arithmetic is torch's, element by element, in the parameter's dtype
// (float32 results can differ from torch's in the last bit where the
// compiler contracts a multiply-add; tests/fused_adam_test.cc bounds it).
// Parameters on another device, sparse or non-contiguous ones, and
// amsgrad fall back to torch::optim::Adam::step for the whole optimizer.
// A parameter whose gradient is undefined but that has Adam state is
// updated as if its gradient were zero, which is what torch's Adam does
// after zero_grad(): so callers may drop gradients (ClearGradients) instead
// of zero-filling them, and the backward pass then hands its fresh gradient
// buffers to the parameters without a copy.
#ifndef EBMBENCH_METHODS_FUSED_ADAM_H_
#define EBMBENCH_METHODS_FUSED_ADAM_H_

#include <torch/torch.h>

#include <vector>

namespace ebm {

class FusedAdam : public torch::optim::Adam {
 public:
  using torch::optim::Adam::Adam;

  torch::Tensor step(LossClosure closure = nullptr) override;

  // Global L2 norm of the gradients the last step() applied (0 when none).
  double last_gradient_norm() const { return last_gradient_norm_; }

 private:
  // Whether every parameter with a gradient can take the fused path.
  bool Fusable() const;

  double last_gradient_norm_ = 0;
};

// Sets every parameter's gradient to undefined (zero_grad's set_to_none):
// the next backward pass stores its own buffers instead of adding into
// zero-filled ones.
void ClearGradients(const std::vector<torch::Tensor>& parameters);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_FUSED_ADAM_H_

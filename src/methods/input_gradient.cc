#include "src/methods/input_gradient.h"

namespace ebm {

torch::Tensor InputGradient(const torch::Tensor& f, const torch::Tensor& x,
                            bool create_graph) {
  return torch::autograd::grad({f.sum()}, {x}, /*grad_outputs=*/{},
                               /*retain_graph=*/true, create_graph)[0];
}

torch::Tensor GradientPenalty(const torch::Tensor& f, const torch::Tensor& x) {
  return 0.5 * InputGradient(f, x, true).flatten(1).pow(2).sum(1).mean();
}

}  // namespace ebm

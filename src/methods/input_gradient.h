// Gradients of an energy in its input: the score grad_x f(x) that SGLD
// follows and score matching fits, and the zero-centred gradient penalty
// of VERA and JEM.
#ifndef EBMBENCH_METHODS_INPUT_GRADIENT_H_
#define EBMBENCH_METHODS_INPUT_GRADIENT_H_

#include <torch/torch.h>

namespace ebm {

// grad_x sum(f) for f computed from x (x requires grad). With create_graph
// the result is differentiable again (for losses built on it); the graph of
// f is kept either way.
torch::Tensor InputGradient(const torch::Tensor& f, const torch::Tensor& x,
                            bool create_graph);

// mean over the batch of |grad_x f(x)|^2 / 2, differentiable in the
// parameters.
torch::Tensor GradientPenalty(const torch::Tensor& f, const torch::Tensor& x);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_INPUT_GRADIENT_H_

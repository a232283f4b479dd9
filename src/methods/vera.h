// Methods `vera`, `vera_hmc` and `generator_no_entropy`: an energy trained
// against a generator instead of MCMC (Grathwohl et al., ICLR 2021).
//
// Per iteration, with generator samples x_g = g(z0) + sigma * eps:
//  1. energy step:  L_E = -(mean f(x_data) - mean f(x_g))
//                         + gamma * mean |grad_x f(x_data)|^2 / 2
//  2. generator step: L_G = -(mean f(x_g) + lambda * S), S the entropy
//     surrogate of an EntropyGradientEstimator (VariationalPosterior for
//     `vera`, HmcPosterior for `vera_hmc`, none and lambda = 0 for
//     `generator_no_entropy`); only the generator's gradients are taken.
//  3. sigma clamped to [sigma_min, sigma_max]; both learning rates follow
//     LrSchedule. Adam with betas (0, 0.9) by default, as the paper.
#ifndef EBMBENCH_METHODS_VERA_H_
#define EBMBENCH_METHODS_VERA_H_

#include "src/methods/method.h"

namespace ebm {

MethodInfo MakeVeraMethodInfo();
MethodInfo MakeVeraHmcMethodInfo();
MethodInfo MakeGeneratorNoEntropyMethodInfo();
// Method `jem_vera`: `vera` on a classifier's energy (JEM), with the
// classifier terms of classifier_terms.h added to the energy loss: the
// paper's JEM-VERA and its semi-supervised objective.
MethodInfo MakeJemVeraMethodInfo();

}  // namespace ebm

#endif  // EBMBENCH_METHODS_VERA_H_

// Virtual adversarial training (Miyato et al. 2018), the semi-supervised
// baseline of the VERA paper: cross-entropy on labelled examples plus the
// local distributional smoothness (LDS) of p(y|x) on unlabelled ones,
//
//   LDS(x) = KL( p(y|x) || p(y|x + r_adv) ),  |r_adv| = eps,
//
// r_adv found by power iteration: d random unit, then d <- unit(grad_d
// KL(p(y|x) || p(y|x + xi d))), `power_iterations` times (the paper: xi = 10,
// eps = 3.0, one iteration). p(y|x) is held fixed (no gradient).
#ifndef EBMBENCH_METHODS_VAT_H_
#define EBMBENCH_METHODS_VAT_H_

#include <torch/torch.h>

#include "src/methods/method.h"

namespace ebm {

struct VatSettings {
  double xi = 10.0;
  double eps = 3.0;
  int64_t power_iterations = 1;
};

// The adversarial perturbation r_adv of each example of x (no gradient).
torch::Tensor VatPerturbation(EnergyModel& model, const torch::Tensor& x,
                              const VatSettings& settings, at::Generator& noise);

// Mean over the batch of KL(p(y|x) || p(y|x + r)), p(y|x) held fixed;
// differentiable in the parameters through p(y|x + r).
torch::Tensor PredictionShiftKl(EnergyModel& model, const torch::Tensor& x,
                                const torch::Tensor& r);

// Method `vat`: alpha * CE + vat_weight * LDS + beta * entropy (see
// classifier_terms.h), one Adam step per iteration.
MethodInfo MakeVatMethodInfo();

}  // namespace ebm

#endif  // EBMBENCH_METHODS_VAT_H_

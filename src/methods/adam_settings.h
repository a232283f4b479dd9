// Adam settings shared by every method that trains the energy with Adam:
// the parameters it declares and the optimizer they make.
#ifndef EBMBENCH_METHODS_ADAM_SETTINGS_H_
#define EBMBENCH_METHODS_ADAM_SETTINGS_H_

#include <torch/torch.h>

#include <memory>
#include <vector>

#include "src/core/params.h"

namespace ebm {

// lr, beta1, beta2, weight_decay with the given defaults.
std::vector<ParamSpec> AdamParamSpecs(double lr, double beta1, double beta2);

std::unique_ptr<torch::optim::Adam> MakeAdam(
    const std::vector<torch::Tensor>& parameters, const Params& params);

// Global L2 norm of the parameters' gradients (0 when none).
double GradientNorm(const std::vector<torch::Tensor>& parameters);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_ADAM_SETTINGS_H_

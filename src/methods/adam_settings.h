// Adam settings shared by every method that trains the energy with Adam:
// the parameters it declares, the optimizer they make, and the optimizer's
// place in checkpoints.
#ifndef EBMBENCH_METHODS_ADAM_SETTINGS_H_
#define EBMBENCH_METHODS_ADAM_SETTINGS_H_

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "src/core/params.h"

namespace ebm {

// lr, beta1, beta2, weight_decay with the given defaults.
std::vector<ParamSpec> AdamParamSpecs(double lr, double beta1, double beta2);

std::unique_ptr<torch::optim::Adam> MakeAdam(
    const std::vector<torch::Tensor>& parameters, const Params& params);

// The optimizer's state under `key` of a checkpoint archive.
void SaveOptimizer(torch::optim::Optimizer& optimizer, const std::string& key,
                   torch::serialize::OutputArchive& archive);
void LoadOptimizer(torch::optim::Optimizer& optimizer, const std::string& key,
                   torch::serialize::InputArchive& archive);

// Global L2 norm of the parameters' gradients (0 when none).
double GradientNorm(const std::vector<torch::Tensor>& parameters);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_ADAM_SETTINGS_H_

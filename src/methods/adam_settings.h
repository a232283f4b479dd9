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
#include "src/methods/fused_adam.h"

namespace ebm {

// FusedAdam: torch::optim::Adam's update in one pass per tensor.
std::unique_ptr<FusedAdam> MakeAdam(
    const std::vector<torch::Tensor>& parameters, const Params& params);

// The optimizer's state under `key` of a checkpoint archive.
void SaveOptimizer(torch::optim::Optimizer& optimizer, const std::string& key,
                   torch::serialize::OutputArchive& archive);
void LoadOptimizer(torch::optim::Optimizer& optimizer, const std::string& key,
                   torch::serialize::InputArchive& archive);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_ADAM_SETTINGS_H_

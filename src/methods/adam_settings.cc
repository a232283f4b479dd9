#include "src/methods/adam_settings.h"

namespace ebm {

std::vector<ParamSpec> AdamParamSpecs(double lr, double beta1, double beta2) {
  return {
      {"lr", ParamType::kDouble, lr, "Adam learning rate of the energy", {}, Above(0)},
      {"beta1", ParamType::kDouble, beta1, "Adam beta1", {}, AtLeast(0).Below(1)},
      {"beta2", ParamType::kDouble, beta2, "Adam beta2", {}, AtLeast(0).Below(1)},
      {"weight_decay", ParamType::kDouble, 0.0, "Adam L2 weight decay", {}, AtLeast(0)},
  };
}

std::unique_ptr<FusedAdam> MakeAdam(
    const std::vector<torch::Tensor>& parameters, const Params& params) {
  auto options = torch::optim::AdamOptions(params.GetDouble("lr"))
                     .betas({params.GetDouble("beta1"), params.GetDouble("beta2")})
                     .weight_decay(params.GetDouble("weight_decay"));
  return std::make_unique<FusedAdam>(parameters, options);
}

void SaveOptimizer(torch::optim::Optimizer& optimizer, const std::string& key,
                   torch::serialize::OutputArchive& archive) {
  torch::serialize::OutputArchive state;
  optimizer.save(state);
  archive.write(key, state);
}

void LoadOptimizer(torch::optim::Optimizer& optimizer, const std::string& key,
                   torch::serialize::InputArchive& archive) {
  torch::serialize::InputArchive state;
  archive.read(key, state);
  optimizer.load(state);
}

}  // namespace ebm

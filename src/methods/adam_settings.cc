#include "src/methods/adam_settings.h"

namespace ebm {

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

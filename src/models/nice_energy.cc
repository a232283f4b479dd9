#include "src/models/nice_energy.h"

#include <utility>

namespace ebm {

NiceEnergyModel::NiceEnergyModel(const NiceConfig& config, torch::Device device,
                                 InitialSampler initial_samples)
    : flow_(config), initial_samples_(std::move(initial_samples)) {
  flow_->to(device);
}

torch::Tensor NiceEnergyModel::LogDensity(const torch::Tensor& x) {
  return flow_->LogProb(x.reshape({x.size(0), -1}));
}

torch::Tensor NiceEnergyModel::LogDensityGradient(const torch::Tensor& x) {
  return flow_->LogProbGradient(x.detach().reshape({x.size(0), -1})).reshape(x.sizes());
}

}  // namespace ebm

// A NICE flow as an EnergyModel: f(x) = log p_NICE(x), which is also the
// exact log-likelihood (the flow is normalized; only exact ML uses that).
// Where chains start is the caller's choice (the task knows its pixel
// range).
#ifndef EBMBENCH_MODELS_NICE_ENERGY_H_
#define EBMBENCH_MODELS_NICE_ENERGY_H_

#include <functional>

#include "src/models/energy_model.h"
#include "src/models/nice_flow.h"

namespace ebm {

class NiceEnergyModel : public EnergyModel {
 public:
  // n initial chain states [n, dim] on the model's device.
  using InitialSampler = std::function<torch::Tensor(int64_t n, at::Generator&)>;

  NiceEnergyModel(const NiceConfig& config, torch::Device device,
                  InitialSampler initial_samples);

  torch::Tensor LogDensity(const torch::Tensor& x) override;
  // Closed form: NiceFlowImpl::LogProbGradient.
  torch::Tensor LogDensityGradient(const torch::Tensor& x) override;
  std::vector<int64_t> SampleShape() const override { return {flow_->config().dim}; }
  bool HasExactLikelihood() const override { return true; }
  torch::Tensor ExactLogLikelihood(const torch::Tensor& x) override { return LogDensity(x); }
  torch::Tensor InitialSamples(int64_t n, at::Generator& generator) override {
    return initial_samples_(n, generator);
  }
  torch::nn::Module& module() override { return *flow_; }
  NiceFlow& flow() { return flow_; }

 private:
  NiceFlow flow_;
  InitialSampler initial_samples_;
};

}  // namespace ebm

#endif  // EBMBENCH_MODELS_NICE_ENERGY_H_

#include "src/methods/sgld.h"

#include "src/core/random_tensors.h"

namespace ebm {

torch::Tensor RunSgld(EnergyModel& model, torch::Tensor x,
                      const SgldSettings& settings, at::Generator& generator) {
  torch::nn::Module& module = model.module();
  const bool was_training = module.is_training();
  module.eval();
  x = x.detach();
  for (int64_t k = 0; k < settings.steps; ++k) {
    // Gradient with respect to x only: the parameters' .grad is untouched.
    torch::Tensor grad = model.LogDensityGradient(x);
    torch::Tensor noise = StandardNormal(x.sizes(), generator, x.options());
    x = (x.detach() + settings.step_size * grad + settings.noise * noise)
            .detach();
  }
  module.train(was_training);
  return x;
}

}  // namespace ebm

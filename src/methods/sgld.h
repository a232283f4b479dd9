// Stochastic-gradient Langevin chains on f:
//   x <- x + step_size * grad_x f(x) + noise * N(0, I).
// JEM uses step_size = 1, noise = 0.01 (not a proper Langevin step); the
// proper discretization has step_size = noise^2 / 2. Both are settings.
// The model is put in eval mode while sampling and restored after. With
// SgldThreads() > 1 (src/core/process_settings.h, `ebmbench run
// --sgld-threads`) a CPU batch runs as that many blocks of rows on as many
// threads; the model's LogDensityGradient must then be safe to call from
// several threads at once on different rows (autograd's is, and so are the
// closed forms of the MLP and NICE models: they read the parameters only).
#ifndef EBMBENCH_METHODS_SGLD_H_
#define EBMBENCH_METHODS_SGLD_H_

#include <torch/torch.h>

#include "src/models/energy_model.h"

namespace ebm {

struct SgldSettings {
  int64_t steps = 20;
  double step_size = 1.0;
  double noise = 0.01;
};

// Runs the chains from `x` and returns their end points (detached).
torch::Tensor RunSgld(EnergyModel& model, torch::Tensor x,
                      const SgldSettings& settings, at::Generator& generator);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_SGLD_H_

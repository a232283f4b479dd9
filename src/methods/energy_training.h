// The energy's optimizer and the stabilizers every method may use, from one
// place, so that a comparison never gives one method a stabilizer another
// lacks:
//   - Adam (lr, beta1, beta2, weight_decay);
//   - a zero-centred gradient penalty on the data,
//       gamma * mean |grad_x f(x_data)|^2 / 2       (gradient_penalty);
//   - the learning-rate schedule of lr_schedule.h: linear warm-up over
//     warmup_iters, then x decay_rate at each iteration of decay_at.
// The official VERA code applies its penalty and warm-up to its PCD
// baseline too. Every method declares these parameters (TrainingParamSpecs
// in method_descriptions.cc) and trains the energy through one
// EnergyTraining.
#ifndef EBMBENCH_METHODS_ENERGY_TRAINING_H_
#define EBMBENCH_METHODS_ENERGY_TRAINING_H_

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "src/core/params.h"
#include "src/methods/fused_adam.h"
#include "src/methods/lr_schedule.h"
#include "src/methods/method.h"

namespace ebm {

class EnergyTraining {
 public:
  // Reads the training parameters (TrainingParamSpecs) from `params`. Throws
  // std::invalid_argument for a negative gradient_penalty or a malformed
  // decay_at.
  EnergyTraining(std::vector<torch::Tensor> parameters, const Params& params);

  bool penalizes() const { return gamma_ > 0; }
  // The data batch as the loss should see it: detached, and requiring grad
  // when the penalty is on (so grad_x f can be taken).
  torch::Tensor DataInput(const torch::Tensor& x) const;
  // gamma * mean |grad_x f|^2 / 2 for f computed from x = DataInput(...);
  // appends "gradient_penalty" (the unweighted mean) to `scalars`.
  torch::Tensor Penalty(const torch::Tensor& f_each, const torch::Tensor& x,
                        Scalars& scalars) const;

  // One optimizer step on `loss`: sets this iteration's learning rate,
  // clears the gradients, backpropagates, steps. Appends "grad_norm" (of
  // the energy's parameters, before the step) and "lr" to `scalars`.
  void Step(const torch::Tensor& loss, Scalars& scalars,
            const std::string& grad_norm_name = "grad_norm");

  // Iterations taken so far (the schedule's clock).
  int64_t iteration() const { return iteration_; }
  const LrSchedule& schedule() const { return schedule_; }

  // The optimizer's state and the iteration under `key`.
  void Save(const std::string& key, torch::serialize::OutputArchive& archive);
  void Load(const std::string& key, torch::serialize::InputArchive& archive);

 private:
  std::vector<torch::Tensor> parameters_;
  std::unique_ptr<FusedAdam> optimizer_;
  LrSchedule schedule_;
  double lr_;
  double gamma_;
  int64_t iteration_ = 0;
};

}  // namespace ebm

#endif  // EBMBENCH_METHODS_ENERGY_TRAINING_H_

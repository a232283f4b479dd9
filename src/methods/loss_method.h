// The common shape of methods that train the model by minimizing one loss
// per step (exact ML, PCD, short-run MCMC, score matching, NCE, the
// classifier baselines): the subclass builds the loss, this class adds the
// shared stabilizers of energy_training.h (gradient penalty, learning-rate
// schedule), takes the optimizer step and checkpoints the optimizer.
#ifndef EBMBENCH_METHODS_LOSS_METHOD_H_
#define EBMBENCH_METHODS_LOSS_METHOD_H_

#include <memory>
#include <vector>

#include "src/methods/energy_training.h"
#include "src/methods/method.h"

namespace ebm {

class LossMethod : public Method {
 public:
  // The optimizer and stabilizers from TrainingParamSpecs' parameters.
  explicit LossMethod(const MethodContext& context);

  // One step on Loss() (+ the gradient penalty); returns
  // {"loss", ...extras, "gradient_penalty" (when on), "grad_norm", "lr"}.
  Scalars Step(const Batch& batch, at::Generator& noise) final;

  void Save(torch::serialize::OutputArchive& archive) override;
  void Load(torch::serialize::InputArchive& archive) override;

 protected:
  // The loss to minimize on `batch` (the model is in train mode); named
  // diagnostics go to `scalars`. A loss that evaluates f on the data batch
  // gets it from DataLogDensity, so the gradient penalty reuses it.
  virtual torch::Tensor Loss(const Batch& batch, at::Generator& noise,
                             Scalars& scalars) = 0;

  // f(batch.x) for this step, computed once (with the logits, for a
  // classifier, when `logits` is given) and shared with the penalty.
  torch::Tensor DataLogDensity(const Batch& batch, torch::Tensor* logits = nullptr);

  EnergyModel& model_;

 private:
  EnergyTraining training_;
  torch::Tensor data_log_density_;  // this step's, when Loss asked for it
};

}  // namespace ebm

#endif  // EBMBENCH_METHODS_LOSS_METHOD_H_

// The common shape of methods that train the energy alone by minimizing one
// loss per step with Adam (exact ML, PCD, short-run MCMC, score matching,
// NCE): the subclass builds the loss, this class does the optimizer step,
// the gradient norm and the checkpointing of the optimizer.
#ifndef EBMBENCH_METHODS_LOSS_METHOD_H_
#define EBMBENCH_METHODS_LOSS_METHOD_H_

#include <memory>
#include <vector>

#include "src/methods/method.h"

namespace ebm {

class LossMethod : public Method {
 public:
  // The energy's Adam from lr, beta1, beta2, weight_decay in the params.
  explicit LossMethod(const MethodContext& context);

  // One Adam step on Loss(); returns {"loss", ...extras, "grad_norm"}.
  Scalars Step(const Batch& batch, at::Generator& noise) final;

  void Save(torch::serialize::OutputArchive& archive) override;
  void Load(torch::serialize::InputArchive& archive) override;

 protected:
  // The loss to minimize on `batch` (the model is in train mode); named
  // diagnostics go to `scalars`.
  virtual torch::Tensor Loss(const Batch& batch, at::Generator& noise,
                             Scalars& scalars) = 0;

  EnergyModel& model_;

 private:
  std::vector<torch::Tensor> parameters_;
  std::unique_ptr<torch::optim::Adam> optimizer_;
};

}  // namespace ebm

#endif  // EBMBENCH_METHODS_LOSS_METHOD_H_

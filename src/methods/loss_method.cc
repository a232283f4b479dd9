#include "src/methods/loss_method.h"

#include "src/methods/adam_settings.h"

namespace ebm {

LossMethod::LossMethod(const MethodContext& context)
    : model_(context.model),
      parameters_(context.model.module().parameters()),
      optimizer_(MakeAdam(parameters_, context.params)) {}

Scalars LossMethod::Step(const Batch& batch, at::Generator& noise) {
  Scalars diagnostics;
  model_.module().train();
  torch::Tensor loss = Loss(batch, noise, diagnostics);
  optimizer_->zero_grad();
  loss.backward();
  const double grad_norm = GradientNorm(parameters_);
  optimizer_->step();
  Scalars scalars = {{"loss", loss.item<double>()}};
  scalars.insert(scalars.end(), diagnostics.begin(), diagnostics.end());
  scalars.push_back({"grad_norm", grad_norm});
  return scalars;
}

void LossMethod::Save(torch::serialize::OutputArchive& archive) {
  SaveOptimizer(*optimizer_, "optimizer", archive);
}

void LossMethod::Load(torch::serialize::InputArchive& archive) {
  LoadOptimizer(*optimizer_, "optimizer", archive);
}

}  // namespace ebm

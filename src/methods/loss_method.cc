#include "src/methods/loss_method.h"

#include "src/methods/classifier_terms.h"

namespace ebm {

LossMethod::LossMethod(const MethodContext& context)
    : model_(context.model),
      training_(context.model.module().parameters(), context.params) {}

torch::Tensor LossMethod::DataLogDensity(const Batch& batch, torch::Tensor* logits) {
  data_log_density_ = logits != nullptr
                          ? LogDensityKeepingLogits(model_, batch.x, logits)
                          : model_.LogDensity(batch.x);
  return data_log_density_;
}

Scalars LossMethod::Step(const Batch& batch, at::Generator& noise) {
  Scalars diagnostics;
  model_.module().train();
  Batch prepared = batch;
  prepared.x = training_.DataInput(batch.x);
  data_log_density_ = torch::Tensor();
  torch::Tensor loss = Loss(prepared, noise, diagnostics);
  if (training_.penalizes()) {
    // f on the data, from the loss's own forward pass where it made one.
    torch::Tensor f_data = data_log_density_.defined()
                               ? data_log_density_
                               : model_.LogDensity(prepared.x);
    loss = loss + training_.Penalty(f_data, prepared.x, diagnostics);
  }
  data_log_density_ = torch::Tensor();
  Scalars scalars = {{"loss", loss.item<double>()}};
  scalars.insert(scalars.end(), diagnostics.begin(), diagnostics.end());
  training_.Step(loss, scalars);
  return scalars;
}

void LossMethod::Save(torch::serialize::OutputArchive& archive) {
  training_.Save("optimizer", archive);
}

void LossMethod::Load(torch::serialize::InputArchive& archive) {
  training_.Load("optimizer", archive);
}

}  // namespace ebm

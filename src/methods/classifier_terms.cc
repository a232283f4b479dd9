#include "src/methods/classifier_terms.h"

namespace ebm {

ClassifierWeights ClassifierWeightsFrom(const Params& params) {
  return {params.GetDouble("alpha"), params.GetDouble("beta")};
}

torch::Tensor MeanPredictiveEntropy(const torch::Tensor& logits) {
  torch::Tensor log_p = torch::log_softmax(logits, 1);
  return -(log_p.exp() * log_p).sum(1).mean();
}

torch::Tensor LogDensityKeepingLogits(EnergyModel& model, const torch::Tensor& x,
                                      torch::Tensor* logits) {
  if (model.NumClasses() == 0) return model.LogDensity(x);
  *logits = model.Logits(x);
  return torch::logsumexp(*logits, 1);
}

torch::Tensor ClassifierTerms(EnergyModel& model, const Batch& batch,
                              const ClassifierWeights& weights, Scalars& scalars,
                              const torch::Tensor& unlabeled_logits) {
  TORCH_CHECK(model.NumClasses() > 0,
              "this method trains a classifier; the task's model is not one");
  TORCH_CHECK(batch.HasLabels(),
              "this method needs labelled examples; the task gives none");
  torch::Tensor logits = model.Logits(batch.labeled_x);
  torch::Tensor ce = torch::cross_entropy_loss(logits, batch.labels);
  scalars.push_back({"ce_labeled", ce.item<double>()});
  scalars.push_back(
      {"acc_labeled",
       (logits.argmax(1) == batch.labels).to(torch::kDouble).mean().item<double>()});
  torch::Tensor terms = weights.alpha * ce;
  if (weights.beta > 0) {
    torch::Tensor entropy = MeanPredictiveEntropy(
        unlabeled_logits.defined() ? unlabeled_logits : model.Logits(batch.x));
    scalars.push_back({"entropy_unlabeled", entropy.item<double>()});
    terms = terms + weights.beta * entropy;
  }
  return terms;
}

}  // namespace ebm

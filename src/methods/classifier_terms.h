// The classification terms of JEM-style objectives, shared by the methods
// that train a classifier (supervised, VAT, PCD-JEM, JEM-VERA):
//
//   alpha * CE(h(x_l), y_l)        on the step's labelled batch
//   + beta * mean H[p(y|x_u)]      on its unlabelled batch (semi-supervised
//                                  entropy minimization)
//
// with p(y|x) = softmax(h(x)) the model's logits (EnergyModel::Logits).
#ifndef EBMBENCH_METHODS_CLASSIFIER_TERMS_H_
#define EBMBENCH_METHODS_CLASSIFIER_TERMS_H_

#include <torch/torch.h>

#include <vector>

#include "src/core/params.h"
#include "src/methods/method.h"

namespace ebm {

struct ClassifierWeights {
  double alpha = 1.0;  // cross-entropy on labelled examples
  double beta = 0.0;   // entropy of p(y|x) on unlabelled examples
};

// `alpha` and `beta` (ClassifierParamSpecs in method_descriptions.cc).
ClassifierWeights ClassifierWeightsFrom(const Params& params);

// The weighted terms, differentiable in the model's parameters. Appends
// "ce_labeled", "acc_labeled" and (beta > 0) "entropy_unlabeled" to
// `scalars`. `unlabeled_logits`, the logits of batch.x where the caller
// has them, saves a forward pass. Fails with a clear message when the
// model is not a classifier or the batch has no labels.
torch::Tensor ClassifierTerms(EnergyModel& model, const Batch& batch,
                              const ClassifierWeights& weights, Scalars& scalars,
                              const torch::Tensor& unlabeled_logits = {});

// f(x), and for a classifier its logits too (f = logsumexp of them), so
// that the density and the classifier terms share one forward pass.
torch::Tensor LogDensityKeepingLogits(EnergyModel& model, const torch::Tensor& x,
                                      torch::Tensor* logits);

// Mean entropy of softmax(logits) over the batch.
torch::Tensor MeanPredictiveEntropy(const torch::Tensor& logits);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_CLASSIFIER_TERMS_H_

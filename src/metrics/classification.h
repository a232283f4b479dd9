// How good a classifier's predictions are: accuracy, negative
// log-likelihood and expected calibration error (Guo et al. 2017: the
// confidences max_y p(y|x) in equal-width bins over [0, 1]; ECE is the
// example-weighted mean |accuracy - mean confidence| over the bins).
#ifndef EBMBENCH_METRICS_CLASSIFICATION_H_
#define EBMBENCH_METRICS_CLASSIFICATION_H_

#include <torch/torch.h>

#include <vector>

namespace ebm {

struct ReliabilityBin {
  double lower = 0, upper = 0;  // confidence range (lower, upper]
  int64_t count = 0;
  double accuracy = 0, confidence = 0;  // means over the bin; 0 when empty
};

struct ClassificationMetrics {
  double accuracy = 0;
  double nll = 0;  // mean -log p(y|x), nats
  double ece = 0;
  // Mean logsumexp of the logits: the JEM energy f(x) of the examples,
  // watched for runaway (a collapsing hybrid model sends it to -1e10).
  double mean_energy = 0;
  std::vector<ReliabilityBin> bins;
};

// From logits [N, K] and labels int64 [N].
ClassificationMetrics EvaluateClassifier(const torch::Tensor& logits,
                                         const torch::Tensor& labels, int64_t bins = 15);

// From each example's confidence and whether its prediction was right.
std::vector<ReliabilityBin> ReliabilityBins(const std::vector<double>& confidence,
                                            const std::vector<bool>& correct,
                                            int64_t bins);
double ExpectedCalibrationError(const std::vector<ReliabilityBin>& bins);

}  // namespace ebm

#endif  // EBMBENCH_METRICS_CLASSIFICATION_H_

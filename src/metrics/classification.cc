#include "src/metrics/classification.h"

#include <cmath>

namespace ebm {

std::vector<ReliabilityBin> ReliabilityBins(const std::vector<double>& confidence,
                                            const std::vector<bool>& correct,
                                            int64_t bins) {
  TORCH_CHECK(bins >= 1 && confidence.size() == correct.size(),
              "need at least one bin and one correctness flag per confidence");
  std::vector<ReliabilityBin> result(bins);
  for (int64_t b = 0; b < bins; ++b) {
    result[b].lower = static_cast<double>(b) / bins;
    result[b].upper = static_cast<double>(b + 1) / bins;
  }
  for (size_t i = 0; i < confidence.size(); ++i) {
    // Bin b holds (b/bins, (b+1)/bins]; a confidence of exactly 0 goes to bin 0.
    int64_t b = static_cast<int64_t>(std::ceil(confidence[i] * bins)) - 1;
    b = std::min<int64_t>(std::max<int64_t>(b, 0), bins - 1);
    result[b].count += 1;
    result[b].accuracy += correct[i] ? 1.0 : 0.0;
    result[b].confidence += confidence[i];
  }
  for (ReliabilityBin& bin : result) {
    if (bin.count == 0) continue;
    bin.accuracy /= bin.count;
    bin.confidence /= bin.count;
  }
  return result;
}

double ExpectedCalibrationError(const std::vector<ReliabilityBin>& bins) {
  int64_t total = 0;
  double weighted = 0;
  for (const ReliabilityBin& bin : bins) {
    total += bin.count;
    weighted += bin.count * std::abs(bin.accuracy - bin.confidence);
  }
  return total == 0 ? 0.0 : weighted / total;
}

ClassificationMetrics EvaluateClassifier(const torch::Tensor& logits,
                                         const torch::Tensor& labels, int64_t bins) {
  torch::Tensor logits64 = logits.to(torch::kFloat64).cpu();
  torch::Tensor log_p = torch::log_softmax(logits64, 1);
  torch::Tensor y = labels.cpu();
  auto [max_log_p, predicted] = log_p.max(1);
  torch::Tensor right = predicted == y;
  ClassificationMetrics m;
  m.accuracy = right.to(torch::kFloat64).mean().item<double>();
  m.nll = -log_p.gather(1, y.unsqueeze(1)).mean().item<double>();
  m.mean_energy = torch::logsumexp(logits64, 1).mean().item<double>();
  torch::Tensor confidence = max_log_p.exp().contiguous();
  std::vector<double> conf(confidence.data_ptr<double>(),
                           confidence.data_ptr<double>() + confidence.numel());
  std::vector<bool> correct(right.size(0));
  auto r = right.accessor<bool, 1>();
  for (int64_t i = 0; i < right.size(0); ++i) correct[i] = r[i];
  m.bins = ReliabilityBins(conf, correct, bins);
  m.ece = ExpectedCalibrationError(m.bins);
  return m;
}

}  // namespace ebm

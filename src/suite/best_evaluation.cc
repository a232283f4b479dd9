#include "src/suite/best_evaluation.h"

#include <cmath>

namespace ebm {

BestEvaluation::BestEvaluation(const TaskDescription& description)
    : metric_(description.selection_metric) {
  if (const MetricSpec* spec = FindMetric(description, metric_))
    higher_is_better_ = spec->direction == MetricDirection::kHigherIsBetter;
}

void BestEvaluation::Offer(int64_t step, const std::map<std::string, double>& metrics) {
  if (metric_.empty()) return;
  auto found = metrics.find(metric_);
  if (found == metrics.end() || !std::isfinite(found->second)) return;
  if (best_step_) {
    const double best = best_.at(metric_);
    const bool better = higher_is_better_ ? found->second > best : found->second < best;
    if (!better) return;
  }
  best_step_ = step;
  best_ = metrics;
}

std::map<int64_t, std::map<std::string, double>> RecordedEvaluations(
    const std::vector<MetricRecord>& history) {
  std::map<int64_t, std::map<std::string, double>> evaluations;
  for (const MetricRecord& record : history) {
    if (record.name.find('/') != std::string::npos) continue;
    evaluations[record.step][record.name] = record.value;
  }
  return evaluations;
}

void BestEvaluation::Restore(const std::vector<MetricRecord>& history) {
  for (const auto& [step, metrics] : RecordedEvaluations(history)) Offer(step, metrics);
}

std::map<std::string, double> BestEvaluation::Metrics() const {
  std::map<std::string, double> metrics;
  if (!best_step_) return metrics;
  for (const auto& [name, value] : best_) metrics[kBestValidationPrefix + name] = value;
  metrics[std::string(kBestValidationPrefix) + "step"] = static_cast<double>(*best_step_);
  return metrics;
}

}  // namespace ebm

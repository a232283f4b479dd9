#include "src/suite/collapse_watch.h"

#include <cmath>

#include "src/core/params.h"
#include "src/suite/best_evaluation.h"

namespace ebm {
namespace {

std::string Number(double value) { return FormatParamValue(value); }

}  // namespace

CollapseWatch::CollapseWatch(const TaskDescription& description)
    : rules_(description.collapse_rules), tracked_(rules_.size()) {
  for (const CollapseRule& rule : rules_) {
    const MetricSpec* spec = FindMetric(description, rule.metric);
    higher_is_better_.push_back(spec != nullptr &&
                                spec->direction == MetricDirection::kHigherIsBetter);
  }
}

std::optional<Collapse> CollapseWatch::Offer(int64_t step,
                                             const std::map<std::string, double>& metrics) {
  std::optional<Collapse> collapse;
  for (size_t i = 0; i < rules_.size(); ++i) {
    const CollapseRule& rule = rules_[i];
    auto found = metrics.find(rule.metric);
    if (found == metrics.end() || !std::isfinite(found->second)) continue;
    const double value = found->second;
    Tracked& t = tracked_[i];
    // Gains are measured in the metric's good direction.
    const double sign = higher_is_better_[i] ? 1.0 : -1.0;
    const bool first = !t.first.has_value();
    if (first) t.first = value;
    if (!t.best || sign * (value - *t.best) > 0) t.best = value;
    const std::string shown = rule.metric + " = " + Number(value);
    std::optional<std::string> met;
    switch (rule.kind) {
      case CollapseRule::Kind::kMagnitudeAbove:
        if (std::fabs(value) > rule.bound) met = shown;
        break;
      case CollapseRule::Kind::kGainLost: {
        const double best_gain = sign * (*t.best - *t.first);
        const double gain = sign * (value - *t.first);
        if (!first && best_gain >= rule.bound && gain < rule.fraction * best_gain)
          met = shown + " after " + Number(*t.best) + " (untrained: " + Number(*t.first) + ")";
        break;
      }
      case CollapseRule::Kind::kWorseThanUntrained:
        if (!first && sign * (*t.first - value) > rule.bound)
          met = shown + " (untrained: " + Number(*t.first) + ")";
        break;
    }
    if (!met) {
      t.streak = 0;
      continue;
    }
    if (t.streak++ == 0) t.streak_start = step;
    if (t.streak >= rule.patience && !collapse) {
      const std::string since =
          rule.patience > 1 ? " (since step " + std::to_string(t.streak_start) + ")" : "";
      collapse = Collapse{step, *met + since + ": " + rule.Text()};
    }
  }
  return collapse;
}

std::optional<Collapse> CollapseWatch::Restore(const std::vector<MetricRecord>& history) {
  std::optional<Collapse> first_collapse;
  for (const auto& [step, metrics] : RecordedEvaluations(history)) {
    std::optional<Collapse> collapse = Offer(step, metrics);
    if (collapse && !first_collapse) first_collapse = collapse;
  }
  return first_collapse;
}

}  // namespace ebm

#include "src/tasks/task_info.h"

#include <stdexcept>

#include "src/core/params.h"

namespace ebm {

std::string CollapseRule::Text() const {
  std::string why = meaning.empty() ? "" : " (" + meaning + ")";
  if (patience > 1) why += " at " + std::to_string(patience) + " evaluations in a row";
  switch (kind) {
    case Kind::kMagnitudeAbove:
      return "|" + metric + "| > " + FormatParamValue(bound) + why;
    case Kind::kGainLost:
      return metric + " fell back to under " + FormatParamValue(fraction * 100) +
             "% of its best gain over the untrained model, after gaining at least " +
             FormatParamValue(bound) + why;
    case Kind::kWorseThanUntrained:
      return metric + " worse than the untrained model's by more than " +
             FormatParamValue(bound) + why;
  }
  return metric;
}

void AddBestValidationMetrics(TaskDescription& description,
                              const std::vector<std::string>& names) {
  if (FindMetric(description, description.selection_metric) == nullptr)
    throw std::logic_error("task " + description.name +
                           ": its selection metric is not a declared metric");
  for (const std::string& name : names) {
    const MetricSpec* spec = FindMetric(description, name);
    if (spec == nullptr)
      throw std::logic_error("task " + description.name + ": no metric " + name);
    description.metrics.push_back(
        {kBestValidationPrefix + name, spec->direction, spec->unit,
         name + " at the evaluation with the best " + description.selection_metric});
  }
  description.metrics.push_back(
      {std::string(kBestValidationPrefix) + "step", MetricDirection::kInformational,
       "steps", "the step of the evaluation with the best " + description.selection_metric});
}

const MetricSpec* FindMetric(const TaskDescription& description, const std::string& name) {
  for (const MetricSpec& spec : description.metrics)
    if (spec.name == name) return &spec;
  return nullptr;
}

}  // namespace ebm

// What a task declares as data: its parameters and its metrics, each with a
// direction (never guessed from the name). No torch here.
#ifndef EBMBENCH_TASKS_TASK_INFO_H_
#define EBMBENCH_TASKS_TASK_INFO_H_

#include <string>
#include <vector>

#include "src/core/params.h"

namespace ebm {

enum class MetricDirection { kHigherIsBetter, kLowerIsBetter, kInformational };

struct MetricSpec {
  std::string name;
  MetricDirection direction;
  std::string unit;
  std::string help;
};

// The method reports compare every other with by the primary metric
// ("<primary> minus <name>"): exact ML, the ceiling, for tasks whose model
// is tractable; supervised-only, the baseline, for semi-supervised tasks.
struct ComparisonReference {
  std::string method = "exact_ml";
  std::string name = "exact ML";
  std::string role = "the ceiling";
};

struct TaskDescription {
  std::string name;
  std::string summary;
  std::vector<ParamSpec> params;
  std::vector<MetricSpec> metrics;
  std::string primary_metric;  // the one progress lines and tables lead with
  // The metric every evaluation records, for progress lines and learning
  // curves when the primary one is computed only after the last step (nice:
  // the full test set). Empty: the primary metric.
  std::string tracked_metric;
  ComparisonReference reference;

  const std::string& TrackedMetric() const {
    return tracked_metric.empty() ? primary_metric : tracked_metric;
  }
};

}  // namespace ebm

#endif  // EBMBENCH_TASKS_TASK_INFO_H_

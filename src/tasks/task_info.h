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

  const std::string& TrackedMetric() const {
    return tracked_metric.empty() ? primary_metric : tracked_metric;
  }
};

}  // namespace ebm

#endif  // EBMBENCH_TASKS_TASK_INFO_H_

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
};

}  // namespace ebm

#endif  // EBMBENCH_TASKS_TASK_INFO_H_

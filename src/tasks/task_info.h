// What a task declares as data: its parameters and its metrics, each with a
// direction (never guessed from the name). No torch here.
#ifndef EBMBENCH_TASKS_TASK_INFO_H_
#define EBMBENCH_TASKS_TASK_INFO_H_

#include <functional>
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

// What a report must say when a task parameter has a value whose numbers
// mean something other than they seem (nice's `scaled` transform: not a
// likelihood of the data).
struct ParamCaveat {
  std::string param;
  std::string value;  // as FormatParamValue writes it
  std::string text;
};

// A sign that a run has collapsed although every number stayed finite,
// judged at every evaluation (src/suite/collapse_watch). A run meeting one
// is recorded `collapsed`, not finished.
struct CollapseRule {
  enum class Kind {
    // |metric| > bound: e.g. the energy of the data ran away.
    kMagnitudeAbove,
    // The metric had improved on the first (untrained) evaluation by at
    // least `bound` and has fallen back to under `fraction` of its best
    // improvement: e.g. a classifier back at chance.
    kGainLost,
    // The metric is worse than at the first (untrained) evaluation by more
    // than `bound`.
    kWorseThanUntrained,
  };
  Kind kind;
  std::string metric;
  double bound = 0;
  double fraction = 0;   // kGainLost only
  std::string meaning;   // what it says about the run, for people
  // Evaluations in a row the condition must hold: a transient excursion
  // that training recovers from (VERA's early dips on toy data) is not a
  // collapse.
  int patience = 1;

  // "|f_test| > 1e+06 (the energy ran away)", ...
  std::string Text() const;
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
  // The validation metric settings are chosen by (`ebmbench select`) and
  // early stopping judges; empty when the task has no validation data.
  // The runner records, beside the final metrics, every metric of the
  // evaluation where it was best as "best_val/<metric>", and that
  // evaluation's step as "best_val/step".
  std::string selection_metric;
  std::vector<ParamCaveat> caveats;
  std::vector<CollapseRule> collapse_rules;
  // The real data sets (src/data/data_choices.h) a run with these
  // parameters reads, for `ebmbench datasets` and the check before a
  // suite runs; unset for tasks that make their own data.
  std::function<std::vector<std::string>(const Params&)> datasets;

  const std::string& TrackedMetric() const {
    return tracked_metric.empty() ? primary_metric : tracked_metric;
  }
};

// The prefix of the metrics taken at the best validation evaluation.
inline constexpr char kBestValidationPrefix[] = "best_val/";

// Declares "best_val/<name>" for each of `names` (metrics already declared,
// same direction and unit) and "best_val/step".
void AddBestValidationMetrics(TaskDescription& description,
                              const std::vector<std::string>& names);

// The declared metric `name`, or nullptr.
const MetricSpec* FindMetric(const TaskDescription& description, const std::string& name);

}  // namespace ebm

#endif  // EBMBENCH_TASKS_TASK_INFO_H_

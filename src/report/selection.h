// Choosing each method's settings from a sweep by validation data alone
// (`ebmbench select`): the tuning protocol of ebmbench's comparisons.
//
// A sweep tries the same number of configurations for every method label
// (the suite's `budget`). For each label, each configuration is scored by
// its task's selection metric (TaskDescription::selection_metric, a
// validation metric: never a test metric), averaged over seeds and then
// over task settings; a configuration with any run that did not finish
// (failed, diverged, collapsed, unfinished) ranks below every configuration
// whose runs all finished; among those, fewer unfinished runs, then more
// steps trained before they stopped, rank first. The winner of each label is written as a suite
// file whose comments say where each setting came from. (AlgoPerf's
// external-tuning ruleset: the same trial budget for every submission.)
#ifndef EBMBENCH_REPORT_SELECTION_H_
#define EBMBENCH_REPORT_SELECTION_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "src/store/result_store.h"
#include "src/suite/suite_file.h"
#include "src/tasks/task_info.h"

namespace ebm {

// One run of the sweep with its final metrics.
struct SweepRun {
  RunRecord record;
  std::map<std::string, double> final_metrics;
};

struct SelectionOptions {
  // Score by the selection metric at the last evaluation (false) or at the
  // best one ("best_val/<metric>", early stopping).
  bool at_best_evaluation = false;
};

// A method label's configurations, best first.
struct ScoredConfiguration {
  std::string method;
  std::string method_params_json;  // resolved, canonical JSON
  std::string run_json;
  double score = 0;       // mean selection metric (NaN when none finished)
  int64_t runs = 0;
  int64_t unfinished = 0;  // runs that failed, diverged or did not end
  double mean_steps_done = 0;  // how far its runs got (ranks the unfinished)
  std::map<std::string, int64_t> statuses;  // status name -> runs
};

struct LabelChoice {
  std::string label;
  std::string metric;  // what the score is, e.g. "val_bpd (last evaluation)"
  bool higher_is_better = false;
  std::vector<ScoredConfiguration> ranked;  // ranked[0] is chosen
};

struct Selection {
  // Task settings of the sweep: task name and canonical JSON parameters.
  std::vector<std::pair<std::string, std::string>> task_settings;
  std::vector<LabelChoice> labels;  // in the sweep's order of first runs
  std::vector<int64_t> seeds;        // of the sweep
};

// Throws std::invalid_argument when a task has no selection metric, or
// when labels were given unequal budgets (the number of configurations per
// label and task setting differs).
Selection SelectConfigurations(const std::vector<SweepRun>& runs,
                               const std::map<std::string, TaskDescription>& tasks,
                               const SelectionOptions& options);

struct SelectedSuiteOptions {
  std::string name;         // suite name of the written file
  std::string description;
  std::vector<int64_t> seeds;
  std::string source;       // where the sweep came from, for the comments
};

// The chosen configurations as a suite file (YAML with comments): one task
// entry per task setting, one method entry per label with the parameters
// and run settings that differ from the defaults in `catalog`.
std::string SelectedSuiteYaml(const Selection& selection, const ParamCatalog& catalog,
                              const SelectedSuiteOptions& options);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_SELECTION_H_

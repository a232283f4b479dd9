// Judges each evaluation of a run against its task's collapse rules
// (TaskDescription::collapse_rules): a run whose numbers all stay finite can
// still have collapsed (an energy at -1e10, a classifier back at chance),
// and must not be counted finished. The first (untrained) evaluation is the
// reference of the rules that compare with it; the history is rebuilt from
// the store when a run resumes, so a killed run is judged as the
// uninterrupted one would be.
#ifndef EBMBENCH_SUITE_COLLAPSE_WATCH_H_
#define EBMBENCH_SUITE_COLLAPSE_WATCH_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/store/result_store.h"
#include "src/tasks/task_info.h"

namespace ebm {

struct Collapse {
  int64_t step = 0;
  std::string text;  // "f_test = -7.6e+08, |f_test| > 1e+06 (the energy ran away)"
};

class CollapseWatch {
 public:
  explicit CollapseWatch(const TaskDescription& description);

  // Judges the evaluation at `step`; the first rule it meets, or nullopt.
  // Missing or non-finite metrics meet no rule (divergence is judged apart).
  std::optional<Collapse> Offer(int64_t step, const std::map<std::string, double>& metrics);
  // Offers every evaluation of a recorded history (metric records in step
  // order), keeping the reference values and bests; returns the first
  // collapse it finds, if any.
  std::optional<Collapse> Restore(const std::vector<MetricRecord>& history);

 private:
  struct Tracked {
    std::optional<double> first, best;
    int streak = 0;                 // evaluations in a row meeting the rule
    int64_t streak_start = 0;
  };
  std::vector<CollapseRule> rules_;
  std::vector<bool> higher_is_better_;
  std::vector<Tracked> tracked_;
};

}  // namespace ebm

#endif  // EBMBENCH_SUITE_COLLAPSE_WATCH_H_

// The evaluation of a run where its task's validation (selection) metric
// was best, for early stopping and model selection: its metrics become the
// run's "best_val/<metric>" final metrics beside the last evaluation's.
// Rebuilt from the recorded history when a run resumes, so a killed run
// reports what the uninterrupted one would.
#ifndef EBMBENCH_SUITE_BEST_EVALUATION_H_
#define EBMBENCH_SUITE_BEST_EVALUATION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/store/result_store.h"
#include "src/tasks/task_info.h"

namespace ebm {

// The evaluations of a recorded history (metric records in step order) by
// step; names with a '/' (step scalars, references, reliability bins) are
// left out.
std::map<int64_t, std::map<std::string, double>> RecordedEvaluations(
    const std::vector<MetricRecord>& history);

class BestEvaluation {
 public:
  // Tracks description.selection_metric; does nothing when it is empty.
  explicit BestEvaluation(const TaskDescription& description);

  // An evaluation at `step`. Ties keep the earlier; non-finite values never
  // count as best.
  void Offer(int64_t step, const std::map<std::string, double>& metrics);
  // Offers every evaluation of a recorded history (RecordedEvaluations).
  void Restore(const std::vector<MetricRecord>& history);

  // "best_val/<name>" for each metric of the best evaluation, and
  // "best_val/step"; empty when there was none.
  std::map<std::string, double> Metrics() const;

 private:
  std::string metric_;
  bool higher_is_better_ = false;
  std::optional<int64_t> best_step_;
  std::map<std::string, double> best_;
};

}  // namespace ebm

#endif  // EBMBENCH_SUITE_BEST_EVALUATION_H_

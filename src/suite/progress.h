// Progress lines with ETA for a suite run. The estimate for the steps left
// uses the seconds per step measured so far for the same method label (the
// suite-wide mean before any has been measured), evaluations included.
#ifndef EBMBENCH_SUITE_PROGRESS_H_
#define EBMBENCH_SUITE_PROGRESS_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ebm {

class Progress {
 public:
  // One planned step count and label per run, in suite order.
  Progress(std::ostream& out, std::vector<std::string> labels,
           std::vector<int64_t> planned_steps);

  // The run at `index` did `steps` more steps in `seconds`.
  void Account(size_t index, int64_t steps, double seconds);
  // The run at `index` resumed with `steps` already done (not timed now).
  void Resume(size_t index, int64_t steps) { done_[index] += steps; }
  // The run at `index` needs no more steps (ended, skipped or busy).
  void Close(size_t index);

  // "[ 3/8] name | step 300/600 | test_ll -2.913 | 4.1 ms/step | ETA ..."
  void Line(size_t index, const std::string& name, int64_t step,
            const std::string& metrics);
  void Note(size_t index, const std::string& name, const std::string& what);

  static std::string FormatSeconds(double seconds);

 private:
  double SecondsPerStep(const std::string& label) const;
  double RemainingSeconds() const;
  std::string Prefix(size_t index) const;

  std::ostream& out_;
  std::vector<std::string> labels_;
  std::vector<int64_t> planned_;
  std::vector<int64_t> done_;
  std::map<std::string, std::pair<int64_t, double>> measured_;  // steps, s
};

}  // namespace ebm

#endif  // EBMBENCH_SUITE_PROGRESS_H_

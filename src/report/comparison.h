// A candidate set of runs against a baseline: a verdict for every metric the
// tasks declare (informational ones aside), for the machine-normalized step
// cost (same machine only), and for how the runs ended; plus the Markdown
// table CI logs show and the exit code CI acts on.
#ifndef EBMBENCH_REPORT_COMPARISON_H_
#define EBMBENCH_REPORT_COMPARISON_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "src/report/run_groups.h"
#include "src/report/verdict.h"

namespace ebm {

struct ComparisonRow {
  std::string group;     // RunGroup::Name()
  std::string quantity;  // a metric name, "step cost", or "status"
  Judgement judgement;
  std::string note;      // for status and incomparable rows
};

struct ComparisonSettings {
  JudgeSettings metrics;  // defaults: 1% minimum effect
  JudgeSettings timings{0.10, 0.0, 0.05, 5};  // timings: 10%
};

// The direction of `metric` of `task`, or nullopt when the task does not
// declare it.
using DirectionLookup =
    std::function<std::optional<MetricDirection>(const std::string& task,
                                                 const std::string& metric)>;

std::vector<ComparisonRow> CompareRunGroups(const std::vector<RunGroup>& baseline,
                                            const std::vector<RunGroup>& candidate,
                                            const DirectionLookup& direction,
                                            const ComparisonSettings& settings);

std::string ComparisonMarkdown(const std::vector<ComparisonRow>& rows);

// 0: nothing regressed, newly failing or inconclusive; 1: something
// regressed or newly fails; 3: no regression, but some verdicts are
// inconclusive. (2 is left to the caller for errors.) Step-cost verdicts
// count only with `gate_timings`: on shared machines they are shown, and
// gate only where timings are known to be quiet.
int ComparisonExitCode(const std::vector<ComparisonRow>& rows, bool gate_timings);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_COMPARISON_H_

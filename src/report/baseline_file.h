// The baseline file: run groups as JSON (format "ebmbench-baseline-1"), so a
// baseline can be committed (reports/baselines/) and `check` can compare
// against it without the database it came from.
//
//   {"format": "ebmbench-baseline-1", "description": "...",
//    "groups": [{"key", "task", "method", "label", "config",
//                "machine_fingerprint", "metrics": {name: [values]},
//                "step_cost": [...], "runs", "finished", "failed",
//                "diverged", "collapsed"}, ...]}
// ("collapsed" may be absent: files written before it existed.)
#ifndef EBMBENCH_REPORT_BASELINE_FILE_H_
#define EBMBENCH_REPORT_BASELINE_FILE_H_

#include <string>
#include <vector>

#include "src/report/run_groups.h"

namespace ebm {

std::string RunGroupsToJson(const std::vector<RunGroup>& groups,
                            const std::string& description);

// Throws std::runtime_error naming `source` when the text is not a baseline
// or a field is missing or of the wrong kind (a run count that is not a
// whole number from 0 to INT_MAX included).
std::vector<RunGroup> RunGroupsFromJson(const std::string& text,
                                        const std::string& source);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_BASELINE_FILE_H_

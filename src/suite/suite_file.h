// Suite files: YAML that names tasks x methods x parameter grids x seeds.
//
//   suite: smoke                       # name (required)
//   description: two methods, two toy densities
//   seeds: [0, 1]                      # list of seeds, or a count N for 0..N-1
//   run: {steps: 600, eval_every: 100} # run settings for every run
//   tasks:
//     - task: toy2d
//       params: {grid_size: 128}       # fixed parameters
//       grid: {dataset: [8gaussians, moons]}  # each list is a grid axis
//   methods:
//     - method: pcd
//       label: pcd-jem                 # optional name in reports
//       params: {sgld_steps: 20}
//       run: {steps: 800}              # run settings for this method only
//   budget: 4                          # sweeps: configurations per method
//                                      # label and task setting (checked)
//   max_runs: 20000                    # raise the size bound (default 10000)
//   overrides:                         # settings for task x method pairs
//     - match: {task: toy2d, method: pcd-jem}
//       task_params: {...}
//       method_params: {...}
//       run: {...}
//
// Every key is checked against the parameters the task, method or runner
// declares; every error names the file, line and key. All errors of a file
// are reported at once.
#ifndef EBMBENCH_SUITE_SUITE_FILE_H_
#define EBMBENCH_SUITE_SUITE_FILE_H_

#include <map>
#include <string>
#include <vector>

#include "src/core/params.h"
#include "src/suite/run_spec.h"

namespace ebm {

// The parameters each task and method declares (built from the registries).
struct ParamCatalog {
  std::map<std::string, std::vector<ParamSpec>> tasks;
  std::map<std::string, std::vector<ParamSpec>> methods;
};

struct Suite {
  std::string name;
  std::string description;
  std::string path;
  std::string content;  // the file as read, stored with the runs
  // A sweep's tuning budget (key `budget`): configurations per method label
  // and task setting, the same for every method; 0 when not declared.
  int64_t budget = 0;
  std::vector<RunSpec> runs;  // the expanded grid, in a stable order
};

struct SuiteParseResult {
  Suite suite;
  std::vector<std::string> errors;  // "file:line:column: key 'k': message"
  bool ok() const { return errors.empty(); }
};

SuiteParseResult ParseSuiteText(const std::string& text,
                                const std::string& file_name,
                                const ParamCatalog& catalog);

SuiteParseResult ParseSuiteFile(const std::string& path,
                                const ParamCatalog& catalog);

}  // namespace ebm

#endif  // EBMBENCH_SUITE_SUITE_FILE_H_

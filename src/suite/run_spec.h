// One run of a suite: a task, a method, their resolved parameters, the run
// settings and a seed. Its canonical JSON and hash identify it in the store.
#ifndef EBMBENCH_SUITE_RUN_SPEC_H_
#define EBMBENCH_SUITE_RUN_SPEC_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "src/core/params.h"

namespace ebm {

struct RunSpec {
  std::string task;
  std::string method;
  std::string label;  // the suite's name for the method entry (not hashed)
  int64_t seed = 0;
  Params run;           // steps, batch size, evaluation period, ...
  Params task_params;
  Params method_params;

  // Canonical JSON with sorted keys; the label is left out so that the
  // same settings under two names are one run.
  std::string ConfigJson() const;
  std::string ConfigHash() const;
  // Canonical JSON of each part alone.
  std::string run_json() const;
  std::string task_params_json() const;
  std::string method_params_json() const;
  // "toy2d/pcd dataset=moons seed=1": for progress lines.
  std::string ShortName(const std::vector<std::string>& varying_keys = {}) const;
};

// The run settings every run has, with their defaults.
const std::vector<ParamSpec>& RunParamSpecs();

// Names of the task/method parameters whose values differ between `runs`
// (for short, readable run names).
std::vector<std::string> VaryingKeys(const std::vector<RunSpec>& runs);

}  // namespace ebm

#endif  // EBMBENCH_SUITE_RUN_SPEC_H_

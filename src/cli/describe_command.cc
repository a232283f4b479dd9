// describe: every task, method and parameter a suite may set.
#include <iostream>

#include "src/cli/commands.h"
#include "src/methods/method_descriptions.h"
#include "src/suite/run_spec.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {
namespace {

std::string Describe(const std::vector<ParamSpec>& specs) {
  std::string out;
  for (const ParamSpec& s : specs) {
    out += "    " + s.name + " (" + ParamTypeName(s.type) + ", default " +
           FormatParamValue(s.default_value) + "): " + s.help;
    const std::string allowed = AllowedValuesText(s);
    if (!allowed.empty()) out += " " + allowed;
    out += "\n";
  }
  return out;
}

}  // namespace

int DescribeCommand() {
  std::cout << "Tasks (set their parameters under a task entry's params/grid):\n";
  for (const TaskDescription& task : AllTaskDescriptions()) {
    std::cout << "\n  " << task.name << ": " << task.summary << "\n"
              << "  parameters:\n" << Describe(task.params)
              << "  primary metric: " << task.primary_metric << "\n";
    if (!task.selection_metric.empty())
      std::cout << "  selection (validation) metric: " << task.selection_metric
                << " (`ebmbench select` chooses settings by it; best_val/* are the "
                   "metrics at its best evaluation)\n";
    std::cout << "  metrics:\n";
    for (const MetricSpec& m : task.metrics) {
      const char* direction =
          m.direction == MetricDirection::kHigherIsBetter ? "higher is better"
          : m.direction == MetricDirection::kLowerIsBetter ? "lower is better"
                                                           : "informational";
      std::cout << "    " << m.name << " [" << (m.unit.empty() ? "" : m.unit + ", ") << direction
                << "]: " << m.help << "\n";
    }
    if (!task.collapse_rules.empty()) {
      std::cout << "  collapse (judged at every evaluation; a run meeting one is recorded "
                   "collapsed and stops, unless run --keep-collapsed):\n";
      for (const CollapseRule& rule : task.collapse_rules)
        std::cout << "    " << rule.Text() << "\n";
    }
  }
  std::cout << "\nMethods (set their parameters under a method entry's params/grid):\n";
  for (const MethodDescription& method : AllMethodDescriptions()) {
    std::cout << "\n  " << method.name << ": " << method.summary << "\n"
              << "  parameters:\n" << Describe(method.params);
  }
  std::cout << "\nRun settings (the suite's `run:` section, or a method entry's):\n"
            << Describe(RunParamSpecs());
  return 0;
}

}  // namespace ebm

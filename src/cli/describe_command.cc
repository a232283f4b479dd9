// env and describe: what this build knows (the machine as runs record it;
// every task, method and parameter).
#include <iostream>

#include "src/cli/commands.h"
#include "src/core/environment_detection.h"
#include "src/core/process_settings.h"
#include "src/suite/runner.h"

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

int EnvCommand(const std::string& device, int threads) {
  ConfigureProcess(threads);
  Environment env = DetectEnvironment(device);
  for (const auto& [name, value] : env.Fields())
    std::cout << name << ": " << value << "\n";
  std::cout << "machine_fingerprint: " << env.MachineFingerprint() << "\n"
            << "fingerprint: " << env.Fingerprint() << "\n";
  return 0;
}

int DescribeCommand() {
  const Registries& r = Registries::Default();
  std::cout << "Tasks (set their parameters under a task entry's params/grid):\n";
  for (const auto& [name, info] : r.tasks.all()) {
    std::cout << "\n  " << name << ": " << info.description.summary << "\n"
              << "  parameters:\n" << Describe(info.description.params)
              << "  primary metric: " << info.description.primary_metric << "\n";
    if (!info.description.selection_metric.empty())
      std::cout << "  selection (validation) metric: " << info.description.selection_metric
                << " (`ebmbench select` chooses settings by it; best_val/* are the "
                   "metrics at its best evaluation)\n";
    std::cout << "  metrics:\n";
    for (const MetricSpec& m : info.description.metrics) {
      const char* direction =
          m.direction == MetricDirection::kHigherIsBetter ? "higher is better"
          : m.direction == MetricDirection::kLowerIsBetter ? "lower is better"
                                                           : "informational";
      std::cout << "    " << m.name << " [" << (m.unit.empty() ? "" : m.unit + ", ") << direction
                << "]: " << m.help << "\n";
    }
    if (!info.description.collapse_rules.empty()) {
      std::cout << "  collapse (judged at every evaluation; a run meeting one is recorded "
                   "collapsed and stops, unless run --keep-collapsed):\n";
      for (const CollapseRule& rule : info.description.collapse_rules)
        std::cout << "    " << rule.Text() << "\n";
    }
  }
  std::cout << "\nMethods (set their parameters under a method entry's params/grid):\n";
  for (const auto& [name, info] : r.methods.all()) {
    std::cout << "\n  " << name << ": " << info.summary << "\n"
              << "  parameters:\n" << Describe(info.params);
  }
  std::cout << "\nRun settings (the suite's `run:` section, or a method entry's):\n"
            << Describe(RunParamSpecs());
  return 0;
}

}  // namespace ebm

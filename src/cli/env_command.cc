// env: this machine's environment as runs record it.
#include <iostream>

#include "src/cli/commands.h"
#include "src/core/environment_detection.h"
#include "src/core/process_settings.h"

namespace ebm {

int EnvCommand(const std::string& device, int threads) {
  ConfigureProcess(threads);
  Environment env = DetectEnvironment(device);
  for (const auto& [name, value] : env.Fields())
    std::cout << name << ": " << value << "\n";
  std::cout << "machine_fingerprint: " << env.MachineFingerprint() << "\n"
            << "fingerprint: " << env.Fingerprint() << "\n";
  return 0;
}

}  // namespace ebm

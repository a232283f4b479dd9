// Fills in the Environment record (environment.h) for the running process:
// hardware, build, the LibTorch and BLAS actually loaded, thread settings.
#ifndef EBMBENCH_CORE_ENVIRONMENT_DETECTION_H_
#define EBMBENCH_CORE_ENVIRONMENT_DETECTION_H_

#include <string>

#include "src/core/environment.h"

namespace ebm {

// Reads the current process's environment. `source_dir` is where the git
// commit is looked up (the working directory by default).
Environment DetectEnvironment(const std::string& device,
                              const std::string& source_dir = ".");

}  // namespace ebm

#endif  // EBMBENCH_CORE_ENVIRONMENT_DETECTION_H_

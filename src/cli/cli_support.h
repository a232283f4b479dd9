// Small helpers the ebmbench commands share: default locations, files, and
// run filters.
#ifndef EBMBENCH_CLI_CLI_SUPPORT_H_
#define EBMBENCH_CLI_CLI_SUPPORT_H_

#include <string>

#include "src/store/result_store.h"

namespace ebm {

// $EBMBENCH_DB, else results/ebmbench.sqlite.
std::string DefaultDb();
// Checkpoints and samples of <dir>/<name>.sqlite go to <dir>/<name>.artifacts.
std::string ArtifactsDirFor(const std::string& db);
void EnsureParentDir(const std::string& path);
// Throws std::runtime_error saying how to make one.
void RequireDb(const std::string& db);
// Runs listed by the suite of this name (all runs when empty).
RunFilter SuiteFilter(const std::string& suite);
// $EBMBENCH_REPORT_ASSETS, else tools/report/node_modules.
std::string DefaultAssetsDir();

// The process's command line as main() received it, kept for handing the
// whole command over to another binary (src/cli/hand_over.cc).
void RememberCommandLine(char** argv);
char** RememberedCommandLine();  // argv, null-terminated; nullptr before

}  // namespace ebm

#endif  // EBMBENCH_CLI_CLI_SUPPORT_H_

#include "src/cli/cli_support.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace ebm {

std::string DefaultDb() {
  if (const char* env = std::getenv("EBMBENCH_DB")) return env;
  return "results/ebmbench.sqlite";
}

std::string ArtifactsDirFor(const std::string& db) {
  std::filesystem::path path(db);
  return (path.parent_path() / (path.stem().string() + ".artifacts")).string();
}

void EnsureParentDir(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
}

RunFilter SuiteFilter(const std::string& suite) {
  RunFilter filter;
  if (!suite.empty()) filter.suite = suite;
  return filter;
}

void RequireDb(const std::string& db) {
  if (!std::filesystem::exists(db))
    throw std::runtime_error("no results database at " + db +
                             " (run a suite first, or pass --db)");
}

std::string DefaultAssetsDir() {
  if (const char* env = std::getenv("EBMBENCH_REPORT_ASSETS")) return env;
  return "tools/report/node_modules";
}

namespace {
char** remembered_argv = nullptr;
}  // namespace

void RememberCommandLine(char** argv) { remembered_argv = argv; }

char** RememberedCommandLine() { return remembered_argv; }

}  // namespace ebm

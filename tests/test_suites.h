// Helpers for tests that run suites: a fresh database path and a parsed
// suite from inline YAML.
#ifndef EBMBENCH_TESTS_TEST_SUITES_H_
#define EBMBENCH_TESTS_TEST_SUITES_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "src/suite/runner.h"
#include "src/suite/suite_file.h"

namespace ebm {

// A new, empty directory under the test's temporary directory.
inline std::string FreshDir(const std::string& name) {
  std::string dir = testing::TempDir() + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline Suite ParseOrDie(const std::string& text, const Registries& registries) {
  SuiteParseResult result = ParseSuiteText(text, "test.yaml", registries.Catalog());
  for (const std::string& e : result.errors) ADD_FAILURE() << e;
  return result.suite;
}

}  // namespace ebm

#endif  // EBMBENCH_TESTS_TEST_SUITES_H_

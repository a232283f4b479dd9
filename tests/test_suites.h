// Helpers for tests that run suites: a fresh database path and a parsed
// suite from inline YAML.
#ifndef EBMBENCH_TESTS_TEST_SUITES_H_
#define EBMBENCH_TESTS_TEST_SUITES_H_

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <sstream>
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

// A suite trained into a fresh store under the test's temporary
// directory; progress lines go to a string, not the test log.
struct FreshSuiteRun {
  std::unique_ptr<ResultStore> store;
  SuiteOutcome outcome;
};

inline FreshSuiteRun RunSuiteInFreshStore(
    const std::string& name, const Suite& suite,
    const Registries& registries = Registries::Default()) {
  const std::string dir = FreshDir(name);
  FreshSuiteRun run;
  run.store = std::make_unique<ResultStore>(dir + "/r.sqlite");
  RunnerOptions options;
  options.artifacts_dir = dir + "/artifacts";
  std::ostringstream log;
  options.progress = &log;
  run.outcome = Runner(*run.store, registries, options).RunSuite(suite);
  return run;
}

// A run's metrics less the measurements of the machine ("reference/..."),
// which differ between any two runs: what must be reproducible.
inline std::vector<MetricRecord> TrainingMetrics(ResultStore& store, int64_t run_id) {
  std::vector<MetricRecord> metrics;
  for (const MetricRecord& m : store.Metrics(run_id))
    if (m.name.rfind("reference/", 0) != 0) metrics.push_back(m);
  return metrics;
}

// The last (or, with `first`, the first) recorded value of a metric; NaN
// when the run never recorded it.
inline double RecordedMetric(ResultStore& store, int64_t run_id, const std::string& name,
                             bool first = false) {
  double value = std::numeric_limits<double>::quiet_NaN();
  for (const MetricRecord& m : store.Metrics(run_id))
    if (m.name == name && (!first || std::isnan(value))) value = m.value;
  return value;
}

// The value of a metric recorded at `step`; NaN when none was.
inline double RecordedMetricAt(ResultStore& store, int64_t run_id, const std::string& name,
                               double step) {
  for (const MetricRecord& m : store.Metrics(run_id))
    if (m.name == name && m.step == static_cast<int64_t>(step)) return m.value;
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace ebm

#endif  // EBMBENCH_TESTS_TEST_SUITES_H_

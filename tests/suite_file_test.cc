// Suite files: grid expansion, defaults and overrides, and an error naming
// file, line and key for every kind of malformed input.
#include <gtest/gtest.h>

#include <string>

#include "src/suite/suite_file.h"

namespace ebm {
namespace {

ParamCatalog TestCatalog() {
  ParamCatalog catalog;
  catalog.tasks["toy"] = {
      {"dataset", ParamType::kString, std::string("a"), "", {"a", "b", "c"}},
      {"size", ParamType::kInt, int64_t{100}, ""},
  };
  catalog.methods["ml"] = {{"lr", ParamType::kDouble, 0.001, ""}};
  catalog.methods["pcd"] = {
      {"lr", ParamType::kDouble, 0.001, ""},
      {"steps", ParamType::kInt, int64_t{20}, ""},
      {"proper", ParamType::kBool, false, ""},
  };
  return catalog;
}

SuiteParseResult Parse(const std::string& text) {
  return ParseSuiteText(text, "s.yaml", TestCatalog());
}

const char kValid[] = R"(suite: demo
seeds: [0, 1, 2]
run: {steps: 50, eval_every: 10}
tasks:
  - task: toy
    params: {size: 7}
    grid: {dataset: [a, b]}
methods:
  - method: ml
  - method: pcd
    label: pcd-sweep
    grid: {lr: [0.1, 0.01]}
    run: {steps: 80}
overrides:
  - match: {task: toy, method: pcd-sweep}
    method_params: {steps: 5}
    task_params: {size: 9}
)";

TEST(SuiteFileTest, ExpandsTheFullGrid) {
  SuiteParseResult result = Parse(kValid);
  ASSERT_TRUE(result.ok()) << result.errors[0];
  const Suite& suite = result.suite;
  EXPECT_EQ(suite.name, "demo");
  // 2 datasets x (1 ml + 2 pcd learning rates) x 3 seeds.
  ASSERT_EQ(suite.runs.size(), 18u);
  const RunSpec& first = suite.runs[0];
  EXPECT_EQ(first.task, "toy");
  EXPECT_EQ(first.method, "ml");
  EXPECT_EQ(first.task_params.GetString("dataset"), "a");
  EXPECT_EQ(first.task_params.GetInt("size"), 7);
  EXPECT_EQ(first.run.GetInt("steps"), 50);
  EXPECT_EQ(first.run.GetInt("eval_every"), 10);
  EXPECT_EQ(first.run.GetInt("batch_size"), 200);  // runner default
  EXPECT_DOUBLE_EQ(first.method_params.GetDouble("lr"), 0.001);  // declared default
  EXPECT_EQ(first.seed, 0);
  // Seeds vary fastest, then the method grid, then methods, then tasks.
  EXPECT_EQ(suite.runs[2].seed, 2);
  const RunSpec& pcd = suite.runs[3];
  EXPECT_EQ(pcd.label, "pcd-sweep");
  EXPECT_DOUBLE_EQ(pcd.method_params.GetDouble("lr"), 0.1);
  EXPECT_DOUBLE_EQ(suite.runs[6].method_params.GetDouble("lr"), 0.01);
  EXPECT_EQ(pcd.run.GetInt("steps"), 80);               // method's run settings
  EXPECT_EQ(pcd.method_params.GetInt("steps"), 5);      // override
  EXPECT_EQ(pcd.task_params.GetInt("size"), 9);         // override
  EXPECT_EQ(pcd.method_params.GetBool("proper"), false);
  EXPECT_EQ(suite.runs[9].task_params.GetString("dataset"), "b");
}

TEST(SuiteFileTest, HashIdentifiesTheConfiguration) {
  SuiteParseResult result = Parse(kValid);
  ASSERT_TRUE(result.ok());
  std::set<std::string> hashes;
  for (const RunSpec& spec : result.suite.runs) hashes.insert(spec.ConfigHash());
  EXPECT_EQ(hashes.size(), result.suite.runs.size());
  // The same settings under another label are the same run.
  RunSpec renamed = result.suite.runs[0];
  renamed.label = "another-name";
  EXPECT_EQ(renamed.ConfigHash(), result.suite.runs[0].ConfigHash());
  // Parsing twice gives the same identities.
  EXPECT_EQ(Parse(kValid).suite.runs[5].ConfigHash(),
            result.suite.runs[5].ConfigHash());
}

TEST(SuiteFileTest, SeedCountMeansZeroToNMinusOne) {
  SuiteParseResult result = Parse(
      "suite: s\nseeds: 4\ntasks: [{task: toy}]\nmethods: [{method: ml}]\n");
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.suite.runs.size(), 4u);
  EXPECT_EQ(result.suite.runs[3].seed, 3);
}

struct Malformed {
  const char* what;
  std::string text;
  std::string location;  // "s.yaml:LINE:"
  std::string key;       // "key 'K'"
  std::string message;   // a fragment of the explanation
};

class MalformedSuiteTest : public testing::TestWithParam<Malformed> {};

TEST_P(MalformedSuiteTest, NamesFileLineAndKey) {
  const Malformed& m = GetParam();
  SuiteParseResult result = Parse(m.text);
  ASSERT_FALSE(result.ok()) << m.what;
  bool found = false;
  std::string all;
  for (const std::string& e : result.errors) {
    all += e + "\n";
    found = found || (e.find(m.location) == 0 &&
                      e.find(m.key) != std::string::npos &&
                      e.find(m.message) != std::string::npos);
  }
  EXPECT_TRUE(found) << m.what << ": expected an error at " << m.location
                     << " with " << m.key << " and '" << m.message
                     << "', got:\n" << all;
}

const std::string kHead = "suite: s\nseeds: [0]\n";
const std::string kTask = "tasks:\n  - task: toy\n";
const std::string kMethod = "methods:\n  - method: ml\n";

INSTANTIATE_TEST_SUITE_P(
    EveryKind, MalformedSuiteTest,
    testing::Values(
        Malformed{"invalid YAML", kHead + "tasks: [toy\n", "s.yaml:4:", "",
                  "invalid YAML"},
        Malformed{"unknown top-level key", kHead + "colour: red\n" + kTask + kMethod,
                  "s.yaml:3:", "key 'colour'", "unknown key"},
        Malformed{"missing seeds", "suite: s\n" + kTask + kMethod, "s.yaml:1:",
                  "key 'seeds'", "missing"},
        Malformed{"seed not a number", "suite: s\nseeds: [0, x]\n" + kTask + kMethod,
                  "s.yaml:2:", "key 'seeds'", "not a valid integer"},
        Malformed{"duplicate seed", "suite: s\nseeds: [1, 1]\n" + kTask + kMethod,
                  "s.yaml:2:", "key 'seeds'", "twice"},
        Malformed{"unknown task", kHead + "tasks:\n  - task: nope\n" + kMethod,
                  "s.yaml:4:", "key 'task'", "unknown task 'nope'"},
        Malformed{"unknown method", kHead + kTask + "methods:\n  - method: vera9\n",
                  "s.yaml:6:", "key 'method'", "unknown method 'vera9'"},
        Malformed{"entry without a name", kHead + kTask + "methods:\n  - label: x\n",
                  "s.yaml:6:", "key 'method'", "missing"},
        Malformed{"unknown parameter", kHead + kTask +
                      "methods:\n  - method: ml\n    params:\n      lrr: 0.1\n",
                  "s.yaml:8:", "key 'lrr'", "not a parameter of method 'ml'"},
        Malformed{"wrong type", kHead + kTask +
                      "methods:\n  - method: pcd\n    params:\n      steps: many\n",
                  "s.yaml:8:", "key 'steps'", "not a valid integer"},
        Malformed{"value not in choices", kHead +
                      "tasks:\n  - task: toy\n    params: {dataset: zebra}\n" + kMethod,
                  "s.yaml:5:", "key 'dataset'", "not one of: a, b, c"},
        Malformed{"grid axis not a list", kHead +
                      "tasks:\n  - task: toy\n    grid:\n      dataset: a\n" + kMethod,
                  "s.yaml:6:", "key 'dataset'", "non-empty list"},
        Malformed{"list where a value belongs", kHead + kTask +
                      "methods:\n  - method: ml\n    params: {lr: [1, 2]}\n",
                  "s.yaml:7:", "key 'lr'", "single number"},
        Malformed{"unknown run setting", kHead + "run: {stepz: 3}\n" + kTask + kMethod,
                  "s.yaml:3:", "key 'stepz'", "not a parameter of the run settings"},
        Malformed{"tasks not a list", kHead + "tasks: {task: toy}\n" + kMethod,
                  "s.yaml:3:", "key 'tasks'", "expected a list"},
        Malformed{"override without match", kHead + kTask + kMethod +
                      "overrides:\n  - run: {steps: 3}\n",
                  "s.yaml:8:", "key 'match'", "missing"},
        Malformed{"override of an unknown label", kHead + kTask + kMethod +
                      "overrides:\n  - match: {method: nobody}\n",
                  "s.yaml:8:", "key 'method'", "no method entry"},
        Malformed{"negative steps", kHead + "run: {steps: -1}\n" + kTask + kMethod,
                  "s.yaml", "key 'steps'", "at least 0"},
        Malformed{"non-positive batch", kHead + "run: {batch_size: 0}\n" + kTask + kMethod,
                  "s.yaml", "key 'batch_size'", "at least 1"},
        Malformed{"not a mapping", "- just\n- a list\n", "s.yaml:1:", "", "mapping"},
        // Keys are names, each once (issue 21, defects 9 and 10).
        Malformed{"duplicate top-level key", "suite: s\nseeds: [0]\nseeds: [1]\n" + kTask + kMethod,
                  "s.yaml:3:", "key 'seeds'", "given twice"},
        Malformed{"duplicate parameter", kHead + kTask +
                      "methods:\n  - method: ml\n    params: {lr: 0.1, lr: 0.5}\n",
                  "s.yaml:7:", "key 'lr'", "given twice"},
        Malformed{"non-scalar key", kHead + "? [a, b]\n: 1\n" + kTask + kMethod,
                  "s.yaml:3:", "key '?'", "plain name"},
        // Names are one printable line (issue 21, defect 16): an ANSI escape
        // or a newline in a label reached the terminal and broke report.md.
        Malformed{"ANSI escape in a label", kHead + kTask +
                      "methods:\n  - method: ml\n    label: \"\\e[31mred\"\n",
                  "s.yaml:7:", "key 'label'", "\\x1b[31mred' holds a control character"},
        Malformed{"newline in a label", kHead + kTask +
                      "methods:\n  - method: ml\n    label: \"two\\nlines\"\n",
                  "s.yaml:7:", "key 'label'", "control character"},
        Malformed{"overlong suite name", "suite: " + std::string(121, 'x') + "\nseeds: [0]\n" +
                      kTask + kMethod,
                  "s.yaml:1:", "key 'suite'", "at most 120"},
        Malformed{"control character in a string parameter", kHead +
                      "tasks:\n  - task: toy\n    params: {dataset: \"a\\tb\"}\n" + kMethod,
                  "s.yaml:5:", "key 'dataset'", "control character"},
        // Size bounds, checked before any run is built (issue 21, defect 8).
        Malformed{"huge seed count", "suite: s\nseeds: 100000000\n" + kTask + kMethod,
                  "s.yaml:2:", "key 'seeds'", "at most 100000"},
        Malformed{"aliased axes beyond the default bound", kHead +
                      "tasks:\n  - task: toy\n    grid:\n"
                      "      size: &v [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]\n"
                      "methods:\n  - method: pcd\n    grid: {lr: *v, steps: *v}\n",
                  "s.yaml:2:", "key 'max_runs'", "expands to 10648 runs, more than 10000"},
        Malformed{"aliased axes beyond max_runs", kHead + "max_runs: 400\n" + kTask +
                      "methods:\n  - method: pcd\n    grid:\n"
                      "      lr: &v [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]\n"
                      "      steps: *v\n",
                  "s.yaml:3:", "key 'max_runs'", "expands to 484 runs, more than 400"}));

// Range errors of run settings name their line and key, all at once
// (issue 21, defect 11).
TEST(SuiteFileTest, RunSettingRangesNameLineAndKeyAllAtOnce) {
  SuiteParseResult result = Parse(
      "suite: s\nseeds: [0]\nrun: {batch_size: 0, eval_every: 0, final_samples: -1}\n"
      "tasks:\n  - task: toy\nmethods:\n  - method: ml\n");
  ASSERT_EQ(result.errors.size(), 3u);
  EXPECT_NE(result.errors[0].find("s.yaml:3:"), std::string::npos) << result.errors[0];
  EXPECT_NE(result.errors[0].find("'batch_size'"), std::string::npos);
  EXPECT_NE(result.errors[1].find("'eval_every'"), std::string::npos);
  EXPECT_NE(result.errors[2].find("'final_samples'"), std::string::npos);
}

TEST(SuiteFileTest, ReportsEveryErrorAtOnce) {
  SuiteParseResult result = Parse(kHead + "colour: red\nshape: round\n" + kTask + kMethod);
  EXPECT_EQ(result.errors.size(), 2u);
}

TEST(SuiteFileTest, MissingFileSaysSo) {
  SuiteParseResult result = ParseSuiteFile("/nonexistent/suite.yaml", TestCatalog());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.errors[0].find("/nonexistent/suite.yaml"), std::string::npos);
}

}  // namespace
}  // namespace ebm

// Parameter ranges are data in each ParamSpec: every declared default lies
// in its range, and a suite that sets a value outside one is refused before
// anything trains, with file:line:col and key for every such value at once
// (issue 21, defect 12).
#include <gtest/gtest.h>

#include <string>

#include "src/methods/method_descriptions.h"
#include "src/suite/catalog.h"
#include "src/suite/run_spec.h"
#include "src/suite/runner.h"
#include "src/suite/suite_file.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {
namespace {

void ExpectDefaultsAllowed(const std::string& owner, const std::vector<ParamSpec>& specs) {
  for (const ParamSpec& spec : specs) {
    std::optional<std::string> error = ParamValueError(spec, spec.default_value);
    EXPECT_FALSE(error) << owner << "." << spec.name << ": " << *error;
  }
}

// The commands that only read records take each task's description from
// src/tasks/task_descriptions.h, without torch: it must be the one the
// registry runs, for every registered task.
TEST(TaskDescriptionsTest, EveryRegisteredTaskHasTheSameTorchFreeDescription) {
  const TaskRegistry& tasks = Registries::Default().tasks;
  EXPECT_EQ(AllTaskDescriptions().size(), tasks.all().size());
  for (const auto& [name, info] : tasks.all()) {
    const TaskDescription* description = FindTaskDescription(name);
    ASSERT_NE(description, nullptr) << name;
    auto names = [](const auto& items) {
      std::vector<std::string> out;
      for (const auto& item : items) out.push_back(item.name);
      return out;
    };
    EXPECT_EQ(names(description->params), names(info.description.params)) << name;
    EXPECT_EQ(names(description->metrics), names(info.description.metrics)) << name;
    EXPECT_EQ(description->primary_metric, info.description.primary_metric) << name;
    EXPECT_EQ(description->reference.method, info.description.reference.method) << name;
  }
  EXPECT_EQ(FindTaskDescription("no_such_task"), nullptr);
}

// The data sets a run reads come from its task's description (what
// `ebmbench datasets` prints and `run` checks before training): an ood run
// reads its own set and, for ood_sets "auto", the other of its family,
// never the synthetic sets made in memory.
TEST(TaskDescriptionsTest, DatasetsFollowTheParameters) {
  auto datasets = [](const std::string& task, const std::string& dataset,
                     const std::string& ood_sets) {
    Params params;
    params.Set("dataset", dataset);
    params.Set("ood_sets", ood_sets);
    return FindTaskDescription(task)->datasets(params);
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(datasets("ood", "mnist", "auto"), (Names{"mnist", "fashion_mnist"}));
  EXPECT_EQ(datasets("ood", "cifar10", "auto"), (Names{"cifar10", "svhn", "cifar100"}));
  EXPECT_EQ(datasets("ood", "synthetic", "auto"), Names{});
  EXPECT_EQ(datasets("ood", "svhn", "uniform,mnist,interp"), (Names{"svhn", "mnist"}));
  EXPECT_EQ(datasets("jem", "cifar100", ""), Names{"cifar100"});
  EXPECT_EQ(datasets("jem", "synthetic", ""), Names{});
  EXPECT_EQ(datasets("nice", "fashion_mnist", ""), Names{"fashion_mnist"});
  EXPECT_EQ(datasets("tabular_ssl", "hepmass", ""), Names{"hepmass"});
  EXPECT_EQ(datasets("tabular_ssl", kTabularMixtureDataset, ""), Names{});
  EXPECT_FALSE(FindTaskDescription("toy2d")->datasets);  // makes its own data
}

// The same for methods, and the catalog suite files are checked against
// without torch is the registries' own.
TEST(MethodDescriptionsTest, EveryRegisteredMethodIsDescribedAndTheCatalogsAgree) {
  const MethodRegistry& methods = Registries::Default().methods;
  EXPECT_EQ(AllMethodDescriptions().size(), methods.all().size());
  for (const auto& [name, info] : methods.all()) {
    const MethodDescription* description = FindMethodDescription(name);
    ASSERT_NE(description, nullptr) << name;
    EXPECT_EQ(description->needs_classifier, info.needs_classifier) << name;
    EXPECT_EQ(description->needs_exact_likelihood, info.needs_exact_likelihood) << name;
  }
  const ParamCatalog described = DescribedCatalog();
  const ParamCatalog registered = Registries::Default().Catalog();
  auto names = [](const std::map<std::string, std::vector<ParamSpec>>& owners) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [owner, specs] : owners)
      for (const ParamSpec& spec : specs) out[owner].push_back(spec.name);
    return out;
  };
  EXPECT_EQ(names(described.tasks), names(registered.tasks));
  EXPECT_EQ(names(described.methods), names(registered.methods));
}

TEST(ParamRangesTest, EveryDeclaredDefaultIsAllowedByItsOwnSpec) {
  const ParamCatalog catalog = Registries::Default().Catalog();
  ASSERT_GE(catalog.tasks.size(), 4u);
  ASSERT_GE(catalog.methods.size(), 10u);
  for (const auto& [name, specs] : catalog.tasks) ExpectDefaultsAllowed(name, specs);
  for (const auto& [name, specs] : catalog.methods) ExpectDefaultsAllowed(name, specs);
  ExpectDefaultsAllowed("run", RunParamSpecs());
}

TEST(ParamRangesTest, SizesCountsAndRatesDeclareRanges) {
  // Spot checks that the ranges the probe found missing are declared.
  const ParamCatalog catalog = Registries::Default().Catalog();
  auto spec = [&](const std::map<std::string, std::vector<ParamSpec>>& owners,
                  const std::string& owner, const std::string& name) {
    const ParamSpec* s = FindParamSpec(owners.at(owner), name);
    EXPECT_NE(s, nullptr) << owner << "." << name;
    return s ? s->range : ParamRange{};
  };
  EXPECT_FALSE(spec(catalog.methods, "pcd", "sgld_steps").Contains(-1));
  EXPECT_FALSE(spec(catalog.methods, "pcd", "reinit_fraction").Contains(2));
  EXPECT_TRUE(spec(catalog.methods, "pcd", "reinit_fraction").Contains(1));
  EXPECT_FALSE(spec(catalog.methods, "vera", "lr").Contains(0));
  EXPECT_FALSE(spec(catalog.tasks, "toy2d", "box").Contains(0));
  EXPECT_FALSE(spec(catalog.tasks, "toy2d", "eval_grid").Contains(100000));
  EXPECT_FALSE(spec(catalog.tasks, "jem", "depth").Contains(-1));
}

TEST(ParamRangesTest, OutOfRangeValuesAreAllRefusedWithLineAndKey) {
  // The reproductions of defect 12, in one file: each value trained and
  // finished (or was recorded diverged) before.
  const std::string text =
      "suite: s\n"                                                     // 1
      "seeds: [0]\n"                                                   // 2
      "run: {final_samples: -1}\n"                                     // 3
      "tasks:\n"                                                       // 4
      "  - task: toy2d\n"                                              // 5
      "    params: {depth: -1, box: -5, test_size: 0}\n"               // 6
      "    grid: {eval_grid: [64, 100000]}\n"                          // 7
      "methods:\n"                                                     // 8
      "  - method: pcd\n"                                              // 9
      "    params: {sgld_steps: -1, reinit_fraction: 2}\n"             // 10
      "    grid: {lr: [0.001, 0]}\n";                                  // 11
  SuiteParseResult result = ParseSuiteText(text, "s.yaml", Registries::Default().Catalog());
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"s.yaml:3:", "'final_samples'"}, {"s.yaml:6:", "'depth'"},
      {"s.yaml:6:", "'box'"},           {"s.yaml:6:", "'test_size'"},
      {"s.yaml:7:", "'eval_grid'"},     {"s.yaml:10:", "'sgld_steps'"},
      {"s.yaml:10:", "'reinit_fraction'"}, {"s.yaml:11:", "'lr'"}};
  ASSERT_EQ(result.errors.size(), expected.size());
  for (const auto& [where, key] : expected) {
    bool found = false;
    for (const std::string& e : result.errors)
      found = found || (e.find(where) != std::string::npos && e.find(key) != std::string::npos &&
                        e.find("out of range") != std::string::npos);
    EXPECT_TRUE(found) << "no error at " << where << " for " << key;
  }
  bool says_range = false;
  for (const std::string& e : result.errors)
    says_range = says_range || e.find("must be at least 2 and at most 2048") != std::string::npos;
  EXPECT_TRUE(says_range) << "the eval_grid error states its range";
}

}  // namespace
}  // namespace ebm

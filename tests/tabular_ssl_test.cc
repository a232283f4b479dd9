// Task `tabular_ssl` end to end on a synthetic Gaussian mixture with few
// labels: every semi-supervised method beats chance, the runner hands each
// step a labelled batch of the task's labelled subset, and that subset is
// the same for every method at one seed.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "src/methods/registry.h"
#include "src/tasks/registry.h"
#include "tests/test_suites.h"

namespace ebm {
namespace {

TEST(TabularSslTest, EveryMethodBeatsChanceWithThreeLabelsPerClass) {
  const Registries& registries = Registries::Default();
  Suite suite = ParseOrDie(R"(
suite: ssl-mixture
seeds: [0]
run: {steps: 300, batch_size: 32, eval_every: 150, checkpoint_every: 150, final_samples: 0}
tasks:
  - task: tabular_ssl
    params: {dataset: mixture, mixture_classes: 4, mixture_dim: 8, mixture_size: 1000,
             labels_per_class: 3, hidden: "32,32"}
methods:
  - {method: supervised}
  - {method: vat}
  - {method: pcd_jem, params: {lr: 0.001, sgld_steps: 5, buffer_size: 500, beta: 1.0}}
  - {method: jem_vera, params: {lr: 0.001, glr: 0.001, nz: 4, generator_hidden: 32,
                                gradient_penalty: 1.0, beta: 1.0}}
)",
                           registries);
  ASSERT_EQ(suite.runs.size(), 4u);
  FreshSuiteRun run = RunSuiteInFreshStore("tabular-ssl", suite, registries);
  for (const RunOutcome& r : run.outcome.runs) {
    std::optional<RunRecord> record = run.store->GetRun(r.run_id);
    ASSERT_TRUE(record);
    const std::string& method = record->identity.method;
    ASSERT_EQ(r.outcome, "finished") << method << ": " << record->error_text;
    const double test_acc = RecordedMetric(*run.store, r.run_id, "test_acc");
    // Chance is 0.25; well-separated clusters make 0.6 easy with 12 labels.
    EXPECT_GT(test_acc, 0.6) << method;
    EXPECT_GE(RecordedMetric(*run.store, r.run_id, "val_acc"), 0.0) << method;
    const double ece = RecordedMetric(*run.store, r.run_id, "test_ece");
    EXPECT_TRUE(ece >= 0 && ece <= 1) << method;
    // Every method saw labels: its cross-entropy on them was recorded.
    EXPECT_TRUE(std::isfinite(RecordedMetric(*run.store, r.run_id, "step/ce_labeled"))) << method;
  }
}

TEST(TabularSslTest, ClassifierMethodsOnATaskWithoutLabelsFailWithAConfigError) {
  Suite suite = ParseOrDie(R"(
suite: no-labels
seeds: [0]
run: {steps: 2, batch_size: 8}
tasks:
  - task: toy2d
methods:
  - {method: vat}
)",
                           Registries::Default());
  FreshSuiteRun run = RunSuiteInFreshStore("no-labels", suite);
  ASSERT_EQ(run.outcome.runs.size(), 1u);
  std::optional<RunRecord> record = run.store->GetRun(run.outcome.runs[0].run_id);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->status, RunStatus::kFailed);
  EXPECT_EQ(record->error_category, "config");
  EXPECT_NE(record->error_text.find("method 'vat' trains a classifier on labelled examples, "
                                    "which task 'toy2d' does not provide"),
            std::string::npos)
      << record->error_text;
}

// Records what each step's batch holds.
struct SeenBatches {
  std::vector<int64_t> unlabeled_sizes, labeled_sizes;
  std::vector<torch::Tensor> labeled_x, labels;
};
SeenBatches* seen = nullptr;

class Probe : public Method {
 public:
  explicit Probe(const MethodContext&) {}
  Scalars Step(const Batch& batch, at::Generator&) override {
    seen->unlabeled_sizes.push_back(batch.x.size(0));
    seen->labeled_sizes.push_back(batch.HasLabels() ? batch.labeled_x.size(0) : 0);
    seen->labeled_x.push_back(batch.labeled_x);
    seen->labels.push_back(batch.labels);
    return {{"loss", 0.0}};
  }
  void Save(torch::serialize::OutputArchive&) override {}
  void Load(torch::serialize::InputArchive&) override {}
};

TEST(TabularSslTest, StepsGetLabelledBatchesCyclingThroughTheSameSubset) {
  Registries registries;
  RegisterAllTasks(registries.tasks);
  MethodInfo probe;
  probe.name = "probe";
  probe.create = [](const MethodContext& c) { return std::make_unique<Probe>(c); };
  registries.methods.Add(probe);
  MethodInfo probe2 = probe;
  probe2.name = "probe2";
  registries.methods.Add(probe2);
  Suite suite = ParseOrDie(R"(
suite: ssl-probe
seeds: [5]
run: {steps: 4, batch_size: 16, eval_every: 4, checkpoint_every: 4, final_samples: 0}
tasks:
  - task: tabular_ssl
    params: {dataset: mixture, mixture_classes: 3, mixture_size: 300, labels_per_class: 4,
             hidden: "8"}
methods:
  - {method: probe}
  - {method: probe2}
)",
                           registries);
  SeenBatches batches;
  seen = &batches;
  FreshSuiteRun run = RunSuiteInFreshStore("tabular-ssl-probe", suite, registries);
  seen = nullptr;
  ASSERT_EQ(batches.labeled_sizes.size(), 8u);
  // 12 labelled examples, batch 16: each step gets all 12, 4 of each class.
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(batches.unlabeled_sizes[i], 16);
    ASSERT_EQ(batches.labeled_sizes[i], 12);
    EXPECT_EQ(torch::bincount(batches.labels[i], {}, 3).min().item<int64_t>(), 4);
  }
  // The same subset for both methods at this seed, in the same order.
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(torch::equal(batches.labeled_x[i], batches.labeled_x[i + 4]));
    EXPECT_TRUE(torch::equal(batches.labels[i], batches.labels[i + 4]));
  }
  // One subset, reshuffled each epoch.
  auto sorted_rows = [](const torch::Tensor& x) { return std::get<0>(x.select(1, 0).sort()); };
  EXPECT_TRUE(torch::equal(sorted_rows(batches.labeled_x[0]), sorted_rows(batches.labeled_x[1])));
  EXPECT_FALSE(torch::equal(batches.labeled_x[0], batches.labeled_x[1]));
}

}  // namespace
}  // namespace ebm

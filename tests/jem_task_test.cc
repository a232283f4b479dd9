// Tasks `jem` and `ood` end to end on synthetic gratings (4 classes, 12x12):
// short PCD-JEM and JEM-VERA runs raise test accuracy well above chance,
// record calibration bins and sample quality; ood runs then load each
// method's stored checkpoint and score the OOD sets; an ood run without a
// matching trained jem run fails, saying why.
#include <gtest/gtest.h>

#include <torch/script.h>

#include <cmath>

#include "tests/test_suites.h"

namespace ebm {
namespace {

const char kSuite[] = R"(
suite: jem-synthetic
seeds: [0]
run: {steps: 200, batch_size: 32, eval_every: 100, checkpoint_every: 100, final_samples: 16}
tasks:
  - task: jem
    params: {dataset: synthetic, synthetic_size: 1000, net: conv, conv_width: 8,
             conv_features: 16, sample_count: 200, feature_steps: 100,
             inception: INCEPTION}
  - task: ood
    params: {dataset: synthetic, synthetic_size: 1000, net: conv, conv_width: 8,
             conv_features: 16, ood_size: 200}
methods:
  - {method: supervised, params: {lr: 0.001}}
  - {method: pcd_jem, params: {lr: 0.001, sgld_steps: 5, buffer_size: 500}}
  - {method: jem_vera, params: {lr: 0.001, glr: 0.002, nz: 8, generator: dcgan,
                                generator_features: 8, entropy_weight: 0.0001,
                                gradient_penalty: 0.1}}
overrides:
  - match: {task: ood}
    run: {steps: 0}
)";

// A stand-in for the user's Inception-v3 TorchScript file: (features,
// logits) of the right kinds from a fixed function of the image.
std::string SaveStandInInception() {
  torch::jit::Module m("stand_in");
  m.define(R"(
def forward(self, x):
    f = x.mean(dim=[2, 3])
    return (torch.cat([f, f * f, x[:, 0, 150, 100:104]], 1), x[:, 0, 100:104, 150] * 5.0)
)");
  const std::string path = ::testing::TempDir() + "/inception_stand_in.pt";
  m.save(path);
  return path;
}

TEST(JemTaskTest, JemMethodsBeatChanceAndOodScoresTheStoredModels) {
  std::string text = kSuite;
  text.replace(text.find("INCEPTION"), 9, SaveStandInInception());
  Suite suite = ParseOrDie(text, Registries::Default());
  ASSERT_EQ(suite.runs.size(), 6u);
  FreshSuiteRun run = RunSuiteInFreshStore("jem-synthetic", suite);
  ASSERT_EQ(run.outcome.runs.size(), 6u);
  for (const RunOutcome& r : run.outcome.runs) {
    std::optional<RunRecord> record = run.store->GetRun(r.run_id);
    ASSERT_TRUE(record);
    const std::string label = record->identity.task + "/" + record->identity.method;
    ASSERT_EQ(r.outcome, "finished") << label << ": " << record->error_text;
    if (record->identity.task == "jem") {
      // Chance is 0.25.
      EXPECT_GT(RecordedMetric(*run.store, r.run_id, "test_acc"), 0.5) << label;
      double counted = 0;
      for (int b = 1; b <= 15; ++b) {
        char name[40];
        std::snprintf(name, sizeof(name), "reliability/count_%02d", b);
        counted += RecordedMetric(*run.store, r.run_id, name);
      }
      EXPECT_EQ(counted, 250) << label;  // every test image in one bin
      const double fd = RecordedMetric(*run.store, r.run_id, "sample_fd");
      if (record->identity.method == "supervised") {
        EXPECT_TRUE(std::isnan(fd)) << "supervised-only has no sampler";
      } else {
        EXPECT_TRUE(std::isfinite(fd) && fd >= 0) << label << " " << fd;
        const double floor = RecordedMetric(*run.store, r.run_id, "sample_fd_floor");
        EXPECT_TRUE(floor >= 0 && floor < fd) << label << " floor " << floor;
        // With Inception weights given, FID and IS too (IS of 4 logits <= 4).
        const double fid = RecordedMetric(*run.store, r.run_id, "fid");
        EXPECT_TRUE(std::isfinite(fid) && fid >= 0) << label << " fid " << fid;
        const double is = RecordedMetric(*run.store, r.run_id, "inception_score");
        EXPECT_TRUE(is >= 1 && is <= 4) << label << " IS " << is;
      }
    } else {
      for (const char* score : {"logpx", "maxsoftmax", "gradnorm"}) {
        for (const char* set : {"interp", "uniform", "constant", "mean"}) {
          const double auroc = RecordedMetric(
              *run.store, r.run_id, std::string("auroc_") + score + "_" + set);
          EXPECT_TRUE(auroc >= 0 && auroc <= 1) << label << " " << score << " " << set;
        }
      }
    }
  }
}

TEST(JemTaskTest, OodWithoutATrainedJemRunFailsSayingSo) {
  Suite suite = ParseOrDie(R"(
suite: ood-alone
seeds: [0]
run: {steps: 0, batch_size: 8}
tasks:
  - task: ood
    params: {dataset: synthetic, net: conv, conv_width: 4, conv_features: 4, ood_size: 20}
methods:
  - {method: supervised}
)",
                           Registries::Default());
  FreshSuiteRun run = RunSuiteInFreshStore("ood-alone", suite);
  ASSERT_EQ(run.outcome.runs.size(), 1u);
  EXPECT_EQ(run.outcome.runs[0].outcome, "failed");
  std::optional<RunRecord> record = run.store->GetRun(run.outcome.runs[0].run_id);
  EXPECT_NE(record->error_text.find("no jem run of method supervised (label supervised, seed 0)"),
            std::string::npos)
      << record->error_text;
}

}  // namespace
}  // namespace ebm

// Inception Score against closed forms, and the TorchScript contract of a
// user's Inception file, exercised with a small TorchScript module this
// test defines and saves (no Inception weights are available here).
#include <gtest/gtest.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "src/metrics/inception_scores.h"

namespace ebm {
namespace {

TEST(InceptionScoreTest, ClosedForms) {
  // Confident predictions spread evenly over K classes: IS = K.
  torch::Tensor confident = torch::full({40, 4}, -50.0);
  for (int64_t i = 0; i < 40; ++i) confident[i][i % 4] = 50.0;
  EXPECT_NEAR(InceptionScore(confident, 1), 4.0, 1e-6);
  EXPECT_NEAR(InceptionScore(confident, 10), 4.0, 1e-6);
  // Identical predictions: p(y|x) = p(y), KL = 0, IS = 1.
  EXPECT_NEAR(InceptionScore(torch::randn({1, 5}).repeat({30, 1}), 3), 1.0, 1e-9);
  // Two classes, half the examples certain of each, half uniform: p(y) =
  // (1/2, 1/2); KL is log 2 for the certain and 0 for the uniform: IS =
  // exp(log 2 / 2) = sqrt 2.
  torch::Tensor mixed = torch::zeros({4, 2});
  mixed[0][0] = 60;
  mixed[1][1] = 60;
  EXPECT_NEAR(InceptionScore(mixed, 1), std::sqrt(2.0), 1e-9);
}

std::string SaveStandIn(const std::string& name) {
  torch::jit::Module m("stand_in");
  m.define(R"(
def forward(self, x):
    f = x.mean(dim=[2, 3])
    return (torch.cat([f, f * f], 1), x[:, 0, 100:104, 150] * 5.0)
)");
  const std::string path = ::testing::TempDir() + "/" + name;
  m.save(path);
  return path;
}

TEST(InceptionNetworkTest, RunsTheUsersTorchScriptOnResizedRgbImages) {
  InceptionNetwork network(SaveStandIn("stand_in.pt"), torch::kCPU);
  torch::Tensor grey = torch::rand({7, 1, 28, 28}) * 2 - 1;
  InceptionNetwork::Outputs out = network.Run(grey);
  ASSERT_EQ(out.features.sizes(), (std::vector<int64_t>{7, 6}));
  ASSERT_EQ(out.logits.sizes(), (std::vector<int64_t>{7, 4}));
  // Grey is repeated to RGB: the three channel means agree and equal the
  // resized image's mean (close to the original's).
  EXPECT_TRUE(torch::allclose(out.features.select(1, 0), out.features.select(1, 2)));
  EXPECT_TRUE(torch::allclose(out.features.select(1, 0), grey.mean({1, 2, 3}), 1e-2, 2e-2));
  // FID of a set with itself is 0.
  GaussianFit fit = FitGaussian(out.features);
  EXPECT_NEAR(FrechetDistance(fit, fit), 0.0, 1e-8);
}

TEST(InceptionNetworkTest, MissingOrWrongFilesSaySo) {
  try {
    InceptionNetwork network("/nonexistent/inception.pt", torch::kCPU);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/inception.pt does not exist"),
              std::string::npos);
    EXPECT_NE(std::string(e.what()).find("TorchScript"), std::string::npos);
  }
  const std::string junk = ::testing::TempDir() + "/junk.pt";
  { std::ofstream(junk) << "not torchscript"; }
  EXPECT_THROW(InceptionNetwork(junk, torch::kCPU), std::runtime_error);
}

}  // namespace
}  // namespace ebm

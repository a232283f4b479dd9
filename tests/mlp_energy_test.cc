// MlpEnergyImpl::InputGradient, the closed-form backward SGLD follows,
// against autograd through forward(): the same bits in float32 (it calls
// the same kernels in the same order), for every activation and depth.
#include "src/models/mlp_energy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/core/random_streams.h"
#include "src/methods/sgld.h"

namespace ebm {
namespace {

torch::Tensor AutogradInputGradient(MlpEnergy& net, const torch::Tensor& x) {
  torch::Tensor input = x.clone().requires_grad_(true);
  return torch::autograd::grad({net->forward(input).sum()}, {input})[0];
}

class MlpInputGradientTest : public testing::TestWithParam<std::string> {};

TEST_P(MlpInputGradientTest, EqualsAutogradForEveryDepth) {
  for (const std::vector<int64_t>& widths :
       std::vector<std::vector<int64_t>>{{2, 1}, {2, 100, 1}, {2, 100, 100, 1}, {5, 16, 8, 4, 1}}) {
    SCOPED_TRACE("depth " + std::to_string(widths.size() - 2));
    torch::manual_seed(4);
    MlpEnergy net(widths, GetParam());
    torch::Tensor x = torch::randn({200, widths.front()}) * 3;
    torch::Tensor ours = net->InputGradient(x);
    ASSERT_EQ(ours.sizes(), x.sizes());
    EXPECT_TRUE(torch::equal(ours, AutogradInputGradient(net, x)))
        << (ours - AutogradInputGradient(net, x)).abs().max();
    // No graph, and the parameters' gradients stay as they were.
    EXPECT_FALSE(ours.requires_grad());
    for (const torch::Tensor& p : net->parameters()) EXPECT_FALSE(p.grad().defined());
    // float64, against a finite difference of the first coordinate.
    net->to(torch::kDouble);
    torch::Tensor xd = x.to(torch::kDouble).slice(0, 0, 4);
    torch::Tensor h = torch::zeros_like(xd);
    h.select(1, 0).fill_(1e-6);
    torch::Tensor difference =
        (net->forward(xd + h) - net->forward(xd - h)).squeeze(1).detach() / 2e-6;
    EXPECT_TRUE(torch::allclose(net->InputGradient(xd).select(1, 0), difference, 1e-5, 1e-7));
  }
}

TEST_P(MlpInputGradientTest, ImageShapedInputKeepsItsShape) {
  torch::manual_seed(5);
  MlpEnergy net(std::vector<int64_t>{12, 8, 1}, GetParam());
  torch::Tensor x = torch::randn({7, 3, 2, 2});
  torch::Tensor ours = net->InputGradient(x);
  ASSERT_EQ(ours.sizes(), x.sizes());
  EXPECT_TRUE(torch::equal(ours, AutogradInputGradient(net, x)));
}

INSTANTIATE_TEST_SUITE_P(Activations, MlpInputGradientTest,
                         testing::ValuesIn(MlpActivationNames()));

TEST(MlpInputGradientTest, RefusesSeveralOutputs) {
  MlpEnergy net(std::vector<int64_t>{2, 8, 3});
  EXPECT_THROW(net->InputGradient(torch::randn({4, 2})), c10::Error);
}

// SGLD on an MlpEnergyModel (closed-form gradient) walks the chains the
// autograd default of EnergyModel walks, to the bit.
class AutogradOnly : public EnergyModel {
 public:
  explicit AutogradOnly(MlpEnergyModel& model) : model_(model) {}
  torch::Tensor LogDensity(const torch::Tensor& x) override { return model_.LogDensity(x); }
  std::vector<int64_t> SampleShape() const override { return model_.SampleShape(); }
  torch::Tensor InitialSamples(int64_t n, at::Generator& g) override {
    return model_.InitialSamples(n, g);
  }
  torch::nn::Module& module() override { return model_.module(); }

 private:
  MlpEnergyModel& model_;
};

TEST(MlpInputGradientTest, SgldChainsEqualAutogradChains) {
  torch::manual_seed(6);
  MlpEnergyModel model({2, 100, 100, 1}, "leaky_relu", 4.0);
  AutogradOnly reference(model);
  at::Generator g1 = MakeGenerator(3, torch::kCPU);
  at::Generator g2 = MakeGenerator(3, torch::kCPU);
  torch::Tensor start = model.InitialSamples(200, g1);
  reference.InitialSamples(200, g2);
  torch::Tensor ours = RunSgld(model, start, {20, 1.0, 0.01}, g1);
  torch::Tensor theirs = RunSgld(reference, start, {20, 1.0, 0.01}, g2);
  EXPECT_TRUE(torch::equal(ours, theirs));
  EXPECT_FALSE(torch::equal(ours, start));
}

}  // namespace
}  // namespace ebm

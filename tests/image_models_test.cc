// Shapes of the image networks and the JEM identities on a Wide-ResNet.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <stdexcept>

#include "src/models/conv_generators.h"
#include "src/models/jem_classifier.h"
#include "src/models/small_conv_net.h"
#include "src/models/wide_resnet.h"

namespace ebm {
namespace {

int64_t ParameterCount(torch::nn::Module& module) {
  int64_t n = 0;
  for (const torch::Tensor& p : module.parameters()) n += p.numel();
  return n;
}

TEST(WideResNetTest, LogitsAndFeaturesHaveTheRightShapes) {
  torch::manual_seed(0);
  WideResNetOptions options;
  options.depth = 10;
  options.width = 2;
  options.num_classes = 7;
  auto net = MakeWideResNet(options);
  torch::Tensor x = torch::randn({3, 3, 32, 32});
  EXPECT_EQ(net->forward(x).sizes(), (std::vector<int64_t>{3, 7}));
  EXPECT_EQ(net->Features(x).sizes(), (std::vector<int64_t>{3, 128}));  // 64 w
  options.in_channels = 1;
  auto mnist = MakeWideResNet(options);
  EXPECT_EQ(mnist->forward(torch::randn({2, 1, 28, 28})).sizes(),
            (std::vector<int64_t>{2, 7}));
}

TEST(WideResNetTest, Wrn28x10HasThePapersSize) {
  // WRN-28-10 for CIFAR-10 has 36.5 M parameters (Zagoruyko & Komodakis,
  // Table 1); without normalization there are no BatchNorm parameters, and
  // the convolutions here carry biases: 36.48 M.
  WideResNetOptions options;
  auto net = MakeWideResNet(options);
  const int64_t n = ParameterCount(*net);
  EXPECT_GT(n, 36400000);
  EXPECT_LT(n, 36600000);
  int64_t blocks = 0;
  for (const auto& named : net->named_modules()) {
    if (named.key().find("conv2") != std::string::npos) ++blocks;
  }
  EXPECT_EQ(blocks, 12);  // (28 - 4) / 6 = 4 blocks in each of 3 groups
}

TEST(WideResNetTest, BadSizesAreErrors) {
  WideResNetOptions options;
  options.depth = 27;
  EXPECT_THROW(MakeWideResNet(options), std::invalid_argument);
  options.depth = 16;
  options.norm = "layer";
  EXPECT_THROW(MakeWideResNet(options), std::invalid_argument);
}

TEST(WideResNetTest, DropoutActsOnlyInTraining) {
  torch::manual_seed(1);
  WideResNetOptions options;
  options.depth = 10;
  options.width = 1;
  options.dropout = 0.5;
  auto net = MakeWideResNet(options);
  torch::Tensor x = torch::randn({2, 3, 16, 16});
  net->eval();
  EXPECT_TRUE(torch::equal(net->forward(x), net->forward(x)));
  net->train();
  EXPECT_FALSE(torch::allclose(net->forward(x), net->forward(x)));
}

TEST(JemClassifierTest, ConvJemEnergyIsLogSumExpAndSoftmaxMatches) {
  torch::manual_seed(2);
  WideResNetOptions options;
  options.depth = 10;
  options.width = 1;
  options.in_channels = 1;
  JemClassifier jem(MakeWideResNet(options), {1, 28, 28}, 10, 1.0);
  jem.module().eval();
  torch::Tensor x = torch::rand({5, 1, 28, 28}, torch::kDouble) * 2 - 1;
  jem.module().to(torch::kDouble);
  torch::Tensor logits = jem.Logits(x);
  torch::Tensor f = jem.LogDensity(x);
  EXPECT_TRUE(torch::allclose(f, logits.exp().sum(1).log(), 1e-10, 1e-12));
  // p(y|x) = exp(h_y - f) is the classifier's softmax.
  EXPECT_TRUE(torch::allclose((logits - f.unsqueeze(1)).exp(), torch::softmax(logits, 1),
                              1e-10, 1e-12));
  at::Generator g = at::detail::createCPUGenerator(3);
  torch::Tensor start = jem.InitialSamples(4, g);
  EXPECT_EQ(start.sizes(), (std::vector<int64_t>{4, 1, 28, 28}));
  EXPECT_LE(start.abs().max().item<double>(), 1.0);
}

TEST(SmallConvNetTest, Shapes) {
  auto net = MakeSmallConvNet(1, 10, 8, 16);
  torch::Tensor x = torch::randn({4, 1, 28, 28});
  EXPECT_EQ(net->forward(x).sizes(), (std::vector<int64_t>{4, 10}));
  EXPECT_EQ(net->Features(x).sizes(), (std::vector<int64_t>{4, 16}));
  EXPECT_THROW(MakeSmallConvNet(1, 1), std::invalid_argument);
}

TEST(ConvGeneratorsTest, OutputsAreFlatImagesInTanhRange) {
  torch::manual_seed(4);
  auto dcgan28 = MakeDcganGeneratorNet(16, 1, 28, 8);
  torch::Tensor z = torch::randn({3, 16});
  torch::Tensor a = dcgan28->forward(z);
  EXPECT_EQ(a.sizes(), (std::vector<int64_t>{3, 28 * 28}));
  EXPECT_LE(a.abs().max().item<double>(), 1.0);
  auto dcgan32 = MakeDcganGeneratorNet(16, 3, 32, 8);
  EXPECT_EQ(dcgan32->forward(z).sizes(), (std::vector<int64_t>{3, 3 * 32 * 32}));
  EXPECT_THROW(MakeDcganGeneratorNet(16, 1, 30, 8), std::invalid_argument);

  // The paper's generator: nz 128, 256 features, 4 -> 8 -> 16 -> 32.
  auto resnet = MakeResNetGeneratorNet(128, 3, 256);
  torch::Tensor b = resnet->forward(torch::randn({2, 128}));
  EXPECT_EQ(b.sizes(), (std::vector<int64_t>{2, 3 * 32 * 32}));
  EXPECT_LE(b.abs().max().item<double>(), 1.0);
  // Through the Gaussian generator: samples shaped as images.
  GaussianGenerator generator(MakeDcganGeneratorNet(16, 1, 28, 8), 16,
                              std::vector<int64_t>{1, 28, 28}, 0.01);
  at::Generator g = at::detail::createCPUGenerator(5);
  EXPECT_EQ(generator->Sample(6, g).x.sizes(), (std::vector<int64_t>{6, 1, 28, 28}));
}

}  // namespace
}  // namespace ebm

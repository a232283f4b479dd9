// Issue 7's pieces against closed forms and files in the real formats:
//  - SVHN .mat files (written with matio as SVHN publishes them) read back
//    channel-major with 10 -> 0; malformed files are named;
//  - the colour data sets load from the data root or say where to get them;
//  - augmentation: pad-4 crops shift the image and fill with black, flips
//    mirror, the same generator gives the same batch;
//  - the Fréchet distance equals its closed forms;
//  - one SGLD step with JEM's a = 1, s = 0.01 on a quadratic energy is
//    x + a grad f(x) + s eps, exactly as JEM's code writes it.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "src/core/random_streams.h"
#include "src/data/cifar_binary.h"
#include "src/data/color_image_datasets.h"
#include "src/data/image_augmentation.h"
#include "src/data/svhn_mat.h"
#include "src/methods/sgld.h"
#include "src/metrics/frechet_distance.h"
#include "src/models/gaussian_energy.h"

namespace ebm {
namespace {

std::string FreshDirectory(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

SvhnImages SomeSvhn(int64_t n) {
  SvhnImages images;
  images.count = n;
  images.pixels.resize(n * 3072);
  for (size_t i = 0; i < images.pixels.size(); ++i) images.pixels[i] = (i * 7 + 3) % 256;
  for (int64_t i = 0; i < n; ++i) images.labels.push_back(i % 10);
  return images;
}

TEST(SvhnMatTest, RoundTripKeepsPixelsAndMapsTenToZero) {
  const std::string path = FreshDirectory("svhn") + "/train_32x32.mat";
  SvhnImages written = SomeSvhn(12);
  WriteSvhnMat(path, written);
  SvhnImages read = ReadSvhnMat(path);
  EXPECT_EQ(read.count, 12);
  EXPECT_EQ(read.pixels, written.pixels);
  EXPECT_EQ(read.labels, written.labels);  // 0 was stored as 10
}

TEST(SvhnMatTest, ColumnMajorLayoutIsTransposedToRows) {
  // One image whose red pixel (row 1, col 2) is 200: MATLAB stores X(2, 3,
  // 1, 1) at offset row + 32 col; read back at channel-major 1 * 32 + 2.
  SvhnImages one = SomeSvhn(1);
  std::fill(one.pixels.begin(), one.pixels.end(), 0);
  one.pixels[0 * 1024 + 1 * 32 + 2] = 200;
  const std::string path = FreshDirectory("svhn_layout") + "/test_32x32.mat";
  WriteSvhnMat(path, one);
  SvhnImages read = ReadSvhnMat(path);
  EXPECT_EQ(read.pixels[1 * 32 + 2], 200);
  EXPECT_EQ(read.pixels[2 * 32 + 1], 0);
}

TEST(SvhnMatTest, MalformedFilesAreNamed) {
  const std::string dir = FreshDirectory("svhn_bad");
  std::ofstream(dir + "/junk.mat") << "not a mat file";
  try {
    ReadSvhnMat(dir + "/junk.mat");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("junk.mat"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ReadSvhnMat(dir + "/absent.mat"), std::runtime_error);
}

TEST(ColorImageDatasetsTest, LoadFromTheDataRootOrSayWhereToGetThem) {
  const std::string root = FreshDirectory("color_root");
  setenv("EBMBENCH_DATA", root.c_str(), 1);
  const std::string message = MissingColorImageDatasetMessage("svhn");
  EXPECT_NE(message.find(root + "/svhn/train_32x32.mat is missing"), std::string::npos)
      << message;
  EXPECT_NE(message.find("ufldl.stanford.edu/housenumbers"), std::string::npos);
  EXPECT_NE(MissingColorImageDatasetMessage("cifar10").find("cifar-10-binary.tar.gz"),
            std::string::npos);
  EXPECT_THROW(LoadColorImageSplit("cifar10", true), std::runtime_error);

  std::filesystem::create_directories(root + "/svhn");
  WriteSvhnMat(root + "/svhn/train_32x32.mat", SomeSvhn(5));
  WriteSvhnMat(root + "/svhn/test_32x32.mat", SomeSvhn(3));
  EXPECT_EQ(ColorImageDatasetProblem("svhn"), "");
  ColorImageSplit test = LoadColorImageSplit("svhn", false);
  EXPECT_EQ(test.images.sizes(), (std::vector<int64_t>{3, 3, 32, 32}));
  EXPECT_EQ(test.labels[2].item<int64_t>(), 2);

  const std::string cifar = root + "/cifar10/cifar-10-batches-bin";
  std::filesystem::create_directories(cifar);
  CifarImages batch;
  batch.count = 2;
  batch.pixels.assign(2 * 3072, 9);
  batch.labels = {3, 7};
  for (const char* file : {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                           "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"})
    WriteCifarBinary(cifar + "/" + file, CifarKind::kCifar10, batch);
  ColorImageSplit train = LoadColorImageSplit("cifar10", true);
  EXPECT_EQ(train.images.size(0), 10);  // five files of two
  EXPECT_EQ(train.labels[1].item<int64_t>(), 7);
  unsetenv("EBMBENCH_DATA");
}

TEST(AugmentationTest, CropsShiftAndPadWithBlackFlipsMirror) {
  torch::Tensor image = torch::arange(2 * 8 * 8, torch::kFloat).view({1, 2, 8, 8}) / 128 - 0.5;
  torch::Tensor batch = image.repeat({64, 1, 1, 1});
  at::Generator g = MakeGenerator(1, torch::kCPU);
  torch::Tensor out = AugmentImages(batch, ParseAugmentation("crop_flip", 0.0), g);
  ASSERT_EQ(out.sizes(), batch.sizes());
  int64_t unchanged = 0, flipped_only = 0;
  for (int64_t i = 0; i < 64; ++i) {
    // Every output is a shifted window of the padded (or mirrored) image:
    // each pixel is the original's at an offset, or the fill -1.
    torch::Tensor o = out[i];
    const bool black = (o == -1).any().item<bool>();
    unchanged += torch::equal(o, image[0]);
    flipped_only += torch::equal(o, image[0].flip({2}));
    if (!black) {
      EXPECT_TRUE(torch::equal(o, image[0]) || torch::equal(o, image[0].flip({2})));
    }
  }
  // Offsets 0..8 per axis: the centre (4, 4) has probability 1/81 per flip.
  EXPECT_LT(unchanged + flipped_only, 10);
  at::Generator again = MakeGenerator(1, torch::kCPU);
  EXPECT_TRUE(torch::equal(out, AugmentImages(batch, ParseAugmentation("crop_flip", 0.0), again)));
  // Noise only: the mean shift is zero, the std is the setting.
  at::Generator h = MakeGenerator(2, torch::kCPU);
  torch::Tensor noisy = AugmentImages(batch, ParseAugmentation("none", 0.03), h);
  EXPECT_NEAR((noisy - batch).std().item<double>(), 0.03, 0.002);
  EXPECT_THROW(ParseAugmentation("rotate", 0.0), std::invalid_argument);
}

TEST(AugmentationTest, AShiftedCropIsTheImageMoved) {
  // A single bright pixel moves by the crop offset minus the padding.
  torch::Tensor image = -torch::ones({1, 1, 8, 8});
  image[0][0][3][3] = 1;
  at::Generator g = MakeGenerator(3, torch::kCPU);
  torch::Tensor out = AugmentImages(image.repeat({16, 1, 1, 1}), ParseAugmentation("crop", 0.0), g);
  for (int64_t i = 0; i < 16; ++i) {
    torch::Tensor where = (out[i][0] == 1).nonzero();
    if (where.size(0) == 0) continue;  // moved out of the window
    ASSERT_EQ(where.size(0), 1);
    EXPECT_LE(std::abs(where[0][0].item<int64_t>() - 3), 4);
    EXPECT_LE(std::abs(where[0][1].item<int64_t>() - 3), 4);
  }
  EXPECT_EQ((out == -1).logical_or(out == 1).all().item<bool>(), true);
}

// pad_mode reflect (the official VERA code's padding) mirrors the border
// without repeating it: padded[p - k] = image[k] for k = 1..p, on both axes;
// constant pads with black (-1).
TEST(AugmentationTest, ReflectPaddingMirrorsTheBorderPixels) {
  torch::Tensor image = torch::arange(36, torch::kFloat).view({1, 1, 6, 6});
  const int64_t p = 4;
  torch::Tensor padded = PadImages(image, p, PadMode::kReflect);
  ASSERT_EQ(padded.sizes(), (std::vector<int64_t>{1, 1, 14, 14}));
  auto a = padded.accessor<float, 4>();
  auto x = image.accessor<float, 4>();
  for (int64_t r = 0; r < 6; ++r) {
    for (int64_t k = 1; k <= p; ++k) {
      EXPECT_EQ(a[0][0][p + r][p - k], x[0][0][r][k]);          // left
      EXPECT_EQ(a[0][0][p + r][p + 5 + k], x[0][0][r][5 - k]);  // right
      EXPECT_EQ(a[0][0][p - k][p + r], x[0][0][k][r]);          // top
    }
  }
  EXPECT_TRUE(torch::equal(padded.slice(2, p, p + 6).slice(3, p, p + 6), image));
  torch::Tensor black = PadImages(image, p, PadMode::kConstant);
  EXPECT_EQ(black[0][0][0][0].item<float>(), -1.0f);
  EXPECT_EQ(ParseAugmentation("crop", 0.0, "reflect").pad_mode, PadMode::kReflect);
  EXPECT_THROW(ParseAugmentation("crop", 0.0, "wrap"), std::invalid_argument);
}

// A header claiming more data than the file can hold is refused before
// anything is allocated (found by tools/fuzz.sh: a 3 KB file made matio
// allocate 5.6 GB).
TEST(SvhnMatTest, AHeaderClaimingMoreThanTheFileHoldsIsRefused) {
  SvhnImages two;
  two.count = 2;
  two.pixels.assign(2 * 3072, 9);
  two.labels = {1, 2};
  const std::string path = FreshDirectory("svhn_claim") + "/train_32x32.mat";
  WriteSvhnMat(path, two);
  ASSERT_EQ(ReadSvhnMat(path).count, 2);
  // Change the image count N in X's dimensions (32, 32, 3, 2) to 2^20.
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string dims("\x20\0\0\0\x20\0\0\0\x03\0\0\0\x02\0\0\0", 16);
  const size_t at = bytes.find(dims);
  ASSERT_NE(at, std::string::npos) << "X's dimensions not found uncompressed";
  bytes[at + 12] = 0;
  bytes[at + 14] = 0x10;  // 0x00100000
  std::ofstream(path, std::ios::binary) << bytes;
  try {
    ReadSvhnMat(path);
    FAIL() << "accepted a header claiming 2^20 images";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("more than a file of"), std::string::npos) << e.what();
  }
}

// matio trusts the sizes a file declares; the framing check refuses a
// dimensions array claiming 4 GB before matio allocates it (tools/fuzz.sh
// found a 378-byte file doing this), and a file cut short.
TEST(SvhnMatTest, FramingThatClaimsMoreThanTheFileIsRefusedBeforeMatioReadsIt) {
  SvhnImages two;
  two.count = 2;
  two.pixels.assign(2 * 3072, 9);
  two.labels = {1, 2};
  const std::string dir = FreshDirectory("svhn_framing");
  WriteSvhnMat(dir + "/good.mat", two);
  std::string bytes;
  {
    std::ifstream in(dir + "/good.mat", std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  // X's dimensions sub-element: miINT32 (5), 16 bytes, then 32, 32, 3, 2.
  const std::string dims_tag("\x05\0\0\0\x10\0\0\0\x20\0\0\0", 12);
  const size_t at = bytes.find(dims_tag);
  ASSERT_NE(at, std::string::npos);
  std::string huge = bytes;
  huge.replace(at + 4, 4, std::string("\x10\xff\xff\xff", 4));
  std::ofstream(dir + "/huge_dims.mat", std::ios::binary) << huge;
  try {
    ReadSvhnMat(dir + "/huge_dims.mat");
    FAIL() << "read a file whose dimensions array claims 4 GB";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("claims a dimensions array of 4294967056 bytes"),
              std::string::npos)
        << e.what();
  }
  std::ofstream(dir + "/cut.mat", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  try {
    ReadSvhnMat(dir + "/cut.mat");
    FAIL() << "read a file cut in half";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("only"), std::string::npos) << e.what();
  }
}

TEST(FrechetDistanceTest, MatchesClosedForms) {
  // 1-D: (m1 - m2)^2 + (s1 - s2)^2.
  GaussianFit a{torch::tensor({1.0}, torch::kDouble), torch::tensor({{4.0}}, torch::kDouble)};
  GaussianFit b{torch::tensor({-2.0}, torch::kDouble), torch::tensor({{1.0}}, torch::kDouble)};
  EXPECT_NEAR(FrechetDistance(a, b), 9.0 + 1.0, 1e-10);
  EXPECT_NEAR(FrechetDistance(a, a), 0.0, 1e-10);
  // Non-commuting covariances: tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2) by a
  // hand-worked case, S1 = diag(1, 4) and S2 = [[2, 1], [1, 2]]:
  // S1^1/2 S2 S1^1/2 = [[2, 2], [2, 8]], eigenvalues 5 +- sqrt(13).
  GaussianFit c{torch::zeros({2}, torch::kDouble), torch::diag(torch::tensor({1.0, 4.0}, torch::kDouble))};
  GaussianFit d{torch::zeros({2}, torch::kDouble),
                torch::tensor({{2.0, 1.0}, {1.0, 2.0}}, torch::kDouble)};
  const double cross = std::sqrt(5 + std::sqrt(13.0)) + std::sqrt(5 - std::sqrt(13.0));
  EXPECT_NEAR(FrechetDistance(c, d), 5 + 4 - 2 * cross, 1e-10);
  // Symmetric in its arguments.
  EXPECT_NEAR(FrechetDistance(d, c), FrechetDistance(c, d), 1e-10);
  // Fits: unbiased covariance.
  GaussianFit fit = FitGaussian(torch::tensor({{0.0, 1.0}, {2.0, 3.0}}));
  EXPECT_TRUE(torch::allclose(fit.mean, torch::tensor({1.0, 2.0}, torch::kDouble)));
  EXPECT_TRUE(torch::allclose(fit.covariance, torch::full({2, 2}, 2.0, torch::kDouble)));
}

TEST(SgldTest, JemStepIsGradientAscentPlusNoise) {
  // f(x) = -(x - mu)^T P (x - mu) / 2: grad f = -P (x - mu). JEM's code:
  //   x_k += sgld_lr * grad f(x_k) + sgld_std * randn_like(x_k)
  // with sgld_lr = 1, sgld_std = 0.01.
  GaussianEnergyModel model(2, 1.0);
  torch::Tensor mu = torch::tensor({0.5, -1.0});
  torch::Tensor precision = torch::tensor({{0.3, 0.1}, {0.1, 0.2}});
  model.net()->Set(mu, precision, 0.0);
  torch::Tensor x = torch::tensor({{1.0, 2.0}, {-0.5, 0.25}, {0.0, 0.0}});
  at::Generator g = MakeGenerator(11, torch::kCPU);
  torch::Tensor stepped = RunSgld(model, x, {1, 1.0, 0.01}, g);
  at::Generator same = MakeGenerator(11, torch::kCPU);
  torch::Tensor eps = torch::randn(x.sizes(), same);
  torch::Tensor expected = x + 1.0 * (-(x - mu).mm(precision)) + 0.01 * eps;
  EXPECT_TRUE(torch::allclose(stepped, expected, 1e-6, 1e-6)) << stepped << expected;
  // Two steps are two such updates.
  at::Generator g2 = MakeGenerator(12, torch::kCPU);
  torch::Tensor two = RunSgld(model, x, {2, 1.0, 0.01}, g2);
  at::Generator same2 = MakeGenerator(12, torch::kCPU);
  torch::Tensor y = x;
  for (int k = 0; k < 2; ++k)
    y = y - (y - mu).mm(precision) + 0.01 * torch::randn(x.sizes(), same2);
  EXPECT_TRUE(torch::allclose(two, y, 1e-6, 1e-6));
}

}  // namespace
}  // namespace ebm

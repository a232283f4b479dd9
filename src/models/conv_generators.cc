#include "src/models/conv_generators.h"

#include <stdexcept>
#include <string>

namespace ebm {
namespace {

using torch::nn::BatchNorm2d;
using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;
using torch::nn::ConvTranspose2d;
using torch::nn::ConvTranspose2dOptions;

class DcganGenerator : public GeneratorNet {
 public:
  DcganGenerator(int64_t nz, int64_t channels, int64_t size, int64_t features)
      : start_(size / 4), features_(features) {
    input_ = register_module("input", torch::nn::Linear(nz, 2 * features * start_ * start_));
    norm0_ = register_module("norm0", BatchNorm2d(2 * features));
    up1_ = register_module(
        "up1", ConvTranspose2d(ConvTranspose2dOptions(2 * features, features, 4).stride(2).padding(1)));
    norm1_ = register_module("norm1", BatchNorm2d(features));
    up2_ = register_module(
        "up2", ConvTranspose2d(ConvTranspose2dOptions(features, channels, 4).stride(2).padding(1)));
  }

  torch::Tensor forward(const torch::Tensor& z) override {
    torch::Tensor h = input_(z).view({z.size(0), 2 * features_, start_, start_});
    h = torch::relu(norm0_(h));
    h = torch::relu(norm1_(up1_(h)));
    return torch::tanh(up2_(h)).flatten(1);
  }

 private:
  int64_t start_, features_;
  torch::nn::Linear input_{nullptr};
  BatchNorm2d norm0_{nullptr}, norm1_{nullptr};
  ConvTranspose2d up1_{nullptr}, up2_{nullptr};
};

torch::Tensor Upsample2x(const torch::Tensor& x) {
  return torch::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2});
}

class UpBlockImpl : public torch::nn::Module {
 public:
  explicit UpBlockImpl(int64_t features) {
    norm1_ = register_module("norm1", BatchNorm2d(features));
    conv1_ = register_module("conv1", Conv2d(Conv2dOptions(features, features, 3).padding(1)));
    norm2_ = register_module("norm2", BatchNorm2d(features));
    conv2_ = register_module("conv2", Conv2d(Conv2dOptions(features, features, 3).padding(1)));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor h = conv1_(Upsample2x(torch::relu(norm1_(x))));
    h = conv2_(torch::relu(norm2_(h)));
    return h + Upsample2x(x);
  }

 private:
  BatchNorm2d norm1_{nullptr}, norm2_{nullptr};
  Conv2d conv1_{nullptr}, conv2_{nullptr};
};
TORCH_MODULE(UpBlock);

class ResNetGenerator : public GeneratorNet {
 public:
  ResNetGenerator(int64_t nz, int64_t channels, int64_t features) : features_(features) {
    input_ = register_module("input", torch::nn::Linear(nz, features * 16));
    for (int i = 0; i < 3; ++i) blocks_->push_back(UpBlock(features));
    register_module("blocks", blocks_);
    norm_ = register_module("norm", BatchNorm2d(features));
    output_ = register_module("output", Conv2d(Conv2dOptions(features, channels, 3).padding(1)));
  }

  torch::Tensor forward(const torch::Tensor& z) override {
    torch::Tensor h = input_(z).view({z.size(0), features_, 4, 4});
    h = torch::relu(norm_(blocks_->forward(h)));
    return torch::tanh(output_(h)).flatten(1);
  }

 private:
  int64_t features_;
  torch::nn::Linear input_{nullptr};
  torch::nn::Sequential blocks_;
  BatchNorm2d norm_{nullptr};
  Conv2d output_{nullptr};
};

void CheckSizes(int64_t nz, int64_t channels, int64_t features) {
  if (nz < 1 || channels < 1 || features < 1) {
    throw std::invalid_argument("generator sizes (nz, channels, features) must be >= 1");
  }
}

}  // namespace

std::shared_ptr<GeneratorNet> MakeDcganGeneratorNet(int64_t nz, int64_t channels,
                                                    int64_t size, int64_t features) {
  CheckSizes(nz, channels, features);
  if (size < 8 || size % 4 != 0) {
    throw std::invalid_argument("DCGAN generator: image size " + std::to_string(size) +
                                " is not a multiple of 4 (28 and 32 are)");
  }
  return std::make_shared<DcganGenerator>(nz, channels, size, features);
}

std::shared_ptr<GeneratorNet> MakeResNetGeneratorNet(int64_t nz, int64_t channels,
                                                     int64_t features) {
  CheckSizes(nz, channels, features);
  return std::make_shared<ResNetGenerator>(nz, channels, features);
}

}  // namespace ebm

#include "src/models/small_conv_net.h"

#include <stdexcept>

namespace ebm {
namespace {

class SmallConvNet : public ClassifierNet {
 public:
  SmallConvNet(int64_t in_channels, int64_t num_classes, int64_t width, int64_t features) {
    using torch::nn::Conv2dOptions;
    conv1_ = register_module(
        "conv1", torch::nn::Conv2d(Conv2dOptions(in_channels, width, 3).padding(1)));
    conv2_ = register_module(
        "conv2", torch::nn::Conv2d(Conv2dOptions(width, 2 * width, 4).stride(2).padding(1)));
    conv3_ = register_module(
        "conv3", torch::nn::Conv2d(Conv2dOptions(2 * width, features, 4).stride(2).padding(1)));
    head_ = register_module("head", torch::nn::Linear(features, num_classes));
  }

  torch::Tensor Features(const torch::Tensor& x) override {
    torch::Tensor h = torch::leaky_relu(conv1_(x), 0.2);
    h = torch::leaky_relu(conv2_(h), 0.2);
    h = torch::leaky_relu(conv3_(h), 0.2);
    return h.mean({2, 3});
  }

  torch::Tensor forward(const torch::Tensor& x) override { return head_(Features(x)); }

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr};
  torch::nn::Linear head_{nullptr};
};

}  // namespace

std::shared_ptr<ClassifierNet> MakeSmallConvNet(int64_t in_channels, int64_t num_classes,
                                                int64_t width, int64_t features) {
  if (in_channels < 1 || width < 1 || features < 1) {
    throw std::invalid_argument("conv net sizes must be >= 1");
  }
  if (num_classes < 2) throw std::invalid_argument("a classifier needs two classes");
  return std::make_shared<SmallConvNet>(in_channels, num_classes, width, features);
}

}  // namespace ebm

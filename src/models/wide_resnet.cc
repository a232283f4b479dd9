#include "src/models/wide_resnet.h"

#include <stdexcept>
#include <vector>

namespace ebm {
namespace {

constexpr double kLeak = 0.2;

torch::nn::Conv2d Conv3x3(int64_t in, int64_t out, int64_t stride) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(true));
}

// Identity when normalization is off, so the forward pass has one shape.
torch::nn::AnyModule Norm(const std::string& norm, int64_t channels) {
  if (norm == "batch") return torch::nn::AnyModule(torch::nn::BatchNorm2d(channels));
  return torch::nn::AnyModule(torch::nn::Identity());
}

class WideBasicImpl : public torch::nn::Module {
 public:
  WideBasicImpl(int64_t in, int64_t out, int64_t stride, double dropout,
                const std::string& norm)
      : dropout_(dropout) {
    norm1_ = Norm(norm, in);
    register_module("norm1", norm1_.ptr());
    conv1_ = register_module("conv1", Conv3x3(in, out, 1));
    norm2_ = Norm(norm, out);
    register_module("norm2", norm2_.ptr());
    conv2_ = register_module("conv2", Conv3x3(out, out, stride));
    if (stride != 1 || in != out) {
      shortcut_ = register_module(
          "shortcut", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).stride(stride)));
    }
  }

  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor h = conv1_(torch::leaky_relu(norm1_.forward(x), kLeak));
    if (dropout_ > 0) h = torch::dropout(h, dropout_, is_training());
    h = conv2_(torch::leaky_relu(norm2_.forward(h), kLeak));
    return h + (shortcut_ ? shortcut_(x) : x);
  }

 private:
  double dropout_;
  torch::nn::AnyModule norm1_, norm2_;
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, shortcut_{nullptr};
};
TORCH_MODULE(WideBasic);

class WideResNet : public ClassifierNet {
 public:
  explicit WideResNet(const WideResNetOptions& o) {
    const int64_t n = (o.depth - 4) / 6;
    const std::vector<int64_t> channels = {16, 16 * o.width, 32 * o.width, 64 * o.width};
    stem_ = register_module("stem", Conv3x3(o.in_channels, channels[0], 1));
    int64_t in = channels[0];
    for (int group = 0; group < 3; ++group) {
      for (int64_t block = 0; block < n; ++block) {
        const int64_t stride = (group > 0 && block == 0) ? 2 : 1;
        blocks_->push_back(WideBasic(in, channels[group + 1], stride, o.dropout, o.norm));
        in = channels[group + 1];
      }
    }
    register_module("blocks", blocks_);
    final_norm_ = Norm(o.norm, in);
    register_module("final_norm", final_norm_.ptr());
    head_ = register_module("head", torch::nn::Linear(in, o.num_classes));
  }

  torch::Tensor Features(const torch::Tensor& x) override {
    torch::Tensor h = blocks_->forward(stem_(x));
    h = torch::leaky_relu(final_norm_.forward(h), kLeak);
    return h.mean({2, 3});  // global average pooling: any input size
  }

  torch::Tensor forward(const torch::Tensor& x) override { return head_(Features(x)); }

 private:
  torch::nn::Conv2d stem_{nullptr};
  torch::nn::Sequential blocks_;
  torch::nn::AnyModule final_norm_;
  torch::nn::Linear head_{nullptr};
};

}  // namespace

std::shared_ptr<ClassifierNet> MakeWideResNet(const WideResNetOptions& o) {
  if (o.depth < 10 || (o.depth - 4) % 6 != 0) {
    throw std::invalid_argument("depth " + std::to_string(o.depth) +
                                ": a Wide-ResNet's depth is 6n + 4 (10, 16, 22, 28, ...)");
  }
  if (o.width < 1) throw std::invalid_argument("width must be >= 1");
  if (o.dropout < 0 || o.dropout >= 1) throw std::invalid_argument("dropout must be in [0, 1)");
  if (o.norm != "none" && o.norm != "batch") {
    throw std::invalid_argument("norm '" + o.norm + "': expected none or batch");
  }
  if (o.num_classes < 2) throw std::invalid_argument("a classifier needs two classes");
  return std::make_shared<WideResNet>(o);
}

}  // namespace ebm

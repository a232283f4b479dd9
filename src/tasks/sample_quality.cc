#include "src/tasks/sample_quality.h"

#include "src/models/small_conv_net.h"
#include "src/tasks/in_chunks.h"

namespace ebm {
namespace {

constexpr uint64_t kFeatureNetSeed = 20210503;  // fixed: one feature space per data set
constexpr int64_t kBatch = 64;

}  // namespace

ClassifierFrechetDistance::ClassifierFrechetDistance(torch::Tensor train_x,
                                                     torch::Tensor train_y,
                                                     torch::Tensor test_x, int64_t classes,
                                                     int64_t steps, torch::Device device)
    : train_x_(std::move(train_x)), train_y_(std::move(train_y)), test_x_(std::move(test_x)),
      classes_(classes), steps_(steps), device_(device) {}

void ClassifierFrechetDistance::TrainIfNeeded() {
  if (net_) return;
  torch::manual_seed(kFeatureNetSeed);
  net_ = MakeSmallConvNet(train_x_.size(1), classes_, /*width=*/16, /*features=*/64);
  net_->to(device_);
  torch::optim::Adam optimizer(net_->parameters(), torch::optim::AdamOptions(1e-3));
  at::Generator order = at::detail::createCPUGenerator(kFeatureNetSeed);
  for (int64_t step = 0; step < steps_; ++step) {
    torch::Tensor i = torch::randint(0, train_x_.size(0), {kBatch}, order, torch::kLong);
    torch::Tensor loss = torch::nn::functional::cross_entropy(
        net_->forward(train_x_.index_select(0, i).to(device_)),
        train_y_.index_select(0, i).to(device_));
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
  }
  net_->eval();
  test_fit_ = FitGaussian(FeaturesOf(test_x_));
}

torch::Tensor ClassifierFrechetDistance::FeaturesOf(const torch::Tensor& x) {
  torch::NoGradGuard no_grad;
  return InChunks(x, 500, [&](const torch::Tensor& c) { return net_->Features(c.to(device_)).cpu(); });
}

std::map<std::string, double> ClassifierFrechetDistance::Measure(const torch::Tensor& samples) {
  TrainIfNeeded();
  const int64_t n = std::min<int64_t>(samples.size(0), train_x_.size(0));
  std::map<std::string, double> metrics;
  metrics["sample_fd"] =
      FrechetDistance(FitGaussian(FeaturesOf(samples.detach().clamp(-1, 1))), test_fit_);
  // Evenly spaced training images: a fixed, unbiased subset.
  torch::Tensor spaced = torch::linspace(0, train_x_.size(0) - 1, n).to(torch::kLong);
  metrics["sample_fd_floor"] =
      FrechetDistance(FitGaussian(FeaturesOf(train_x_.index_select(0, spaced))), test_fit_);
  return metrics;
}

double ClassifierFrechetDistance::FeatureNetAccuracy(const torch::Tensor& test_y) {
  TrainIfNeeded();
  torch::NoGradGuard no_grad;
  torch::Tensor predictions = InChunks(test_x_, 500, [&](const torch::Tensor& c) {
    return net_->forward(c.to(device_)).argmax(1).cpu();
  });
  return predictions.eq(test_y).to(torch::kDouble).mean().item<double>();
}

}  // namespace ebm

#include "src/tasks/nice_task.h"

#include <cmath>

#include "src/data/image_datasets.h"
#include "src/models/nice_flow.h"

namespace ebm {
namespace {

std::vector<ParamSpec> NiceParams() {
  return {
      {"dataset", ParamType::kString, std::string("mnist"),
       "image data set (fetched by tools/fetch_data.sh)", ImageDatasetNames()},
      {"transform", ParamType::kString, std::string("scaled"),
       "pixels to model space: scaled = 2p/255 - 1 (official code), logit = "
       "dequantized logit",
       std::vector<std::string>{"scaled", "logit"}},
      {"logit_alpha", ParamType::kDouble, 1e-6,
       "logit transform: squash u into [alpha, 1 - alpha] first"},
      {"hidden", ParamType::kInt, int64_t{1000},
       "width of the coupling nets' hidden layers (paper: 1000)"},
      {"hidden_layers", ParamType::kInt, int64_t{4},
       "hidden layers per coupling net (paper: 4)"},
      {"couplings", ParamType::kInt, int64_t{4}, "additive coupling layers (paper: 4)"},
      {"train_size", ParamType::kInt, int64_t{0},
       "training images used (0 = all 60000)"},
      {"eval_subset", ParamType::kInt, int64_t{1000},
       "test (and train) images for the evaluations during training"},
  };
}

enum class Transform { kScaled, kLogit };

class NiceModel : public EnergyModel {
 public:
  NiceModel(const NiceConfig& config, Transform transform, double alpha,
            torch::Device device)
      : flow_(config), transform_(transform), alpha_(alpha), device_(device) {
    flow_->to(device);
  }

  torch::Tensor LogDensity(const torch::Tensor& x) override {
    return flow_->LogProb(x.reshape({x.size(0), -1}));
  }
  std::vector<int64_t> SampleShape() const override { return {flow_->config().dim}; }
  bool HasExactLikelihood() const override { return true; }
  torch::Tensor ExactLogLikelihood(const torch::Tensor& x) override {
    return LogDensity(x);
  }

  // Chains start from noise spread over the data's range: U(-1, 1) for the
  // scaled transform (as JEM), its logistic image for the logit transform.
  torch::Tensor InitialSamples(int64_t n, at::Generator& generator) override {
    auto options = torch::TensorOptions().device(device_);
    torch::Tensor u = torch::rand({n, flow_->config().dim}, generator, options);
    if (transform_ == Transform::kScaled) return u * 2 - 1;
    torch::Tensor s = alpha_ + (1 - 2 * alpha_) * u;
    return s.log() - (1 - s).log();
  }

  torch::nn::Module& module() override { return *flow_; }
  NiceFlow& flow() { return flow_; }

 private:
  NiceFlow flow_;
  Transform transform_;
  double alpha_;
  torch::Device device_;
};

class NiceTask : public Task {
 public:
  explicit NiceTask(const TaskContext& context) : device_(context.device) {
    const Params& p = context.params;
    transform_ = p.GetString("transform") == "logit" ? Transform::kLogit
                                                      : Transform::kScaled;
    alpha_ = p.GetDouble("logit_alpha");
    const std::string& dataset = p.GetString("dataset");
    at::Generator data = context.streams.Generator(Stream::kData, 0, torch::kCPU);

    ImageSplit train = LoadImageSplit(dataset, /*train=*/true);
    ImageSplit test = LoadImageSplit(dataset, /*train=*/false);
    image_height_ = train.images.size(1);
    image_width_ = train.images.size(2);
    const int64_t train_size = p.GetInt("train_size");
    TORCH_CHECK(train_size >= 0 && train_size <= train.images.size(0),
                "train_size ", train_size, " outside 0..", train.images.size(0));
    if (train_size > 0) {
      // A seeded random subset, so small runs still see every digit.
      torch::Tensor chosen = torch::randperm(train.images.size(0), data,
                                             torch::kLong).slice(0, 0, train_size);
      train.images = train.images.index_select(0, chosen);
    }
    train_ = ToModelSpace(train.images, data).to(device_);
    test_ = ToModelSpace(test.images, data).to(device_);
    const int64_t subset = std::min<int64_t>(p.GetInt("eval_subset"), test_.size(0));
    TORCH_CHECK(subset > 0, "eval_subset must be positive");
    test_subset_ = test_.slice(0, 0, subset);
    train_subset_ = train_.slice(0, 0, std::min<int64_t>(subset, train_.size(0)));

    NiceConfig config;
    config.dim = image_height_ * image_width_;
    config.hidden = p.GetInt("hidden");
    config.hidden_layers = p.GetInt("hidden_layers");
    config.couplings = p.GetInt("couplings");
    // Weights come from the global generator: seed it from the init stream.
    torch::manual_seed(context.streams.Seed(Stream::kModelInit));
    model_ = std::make_unique<NiceModel>(config, transform_, alpha_, device_);
  }

  EnergyModel& model() override { return *model_; }
  int64_t TrainSize() const override { return train_.size(0); }
  torch::Tensor TrainBatch(const torch::Tensor& indices) override {
    return train_.index_select(0, indices.to(device_));
  }

  std::map<std::string, double> Evaluate(Scope scope) override {
    torch::NoGradGuard no_grad;
    std::map<std::string, double> metrics;
    const double test_subset_ll = MeanLogLikelihood(test_subset_);
    metrics["test_ll_subset"] = test_subset_ll;
    metrics["test_bpd_subset"] = BitsPerDim(test_subset_ll, test_subset_);
    metrics["train_ll_subset"] = MeanLogLikelihood(train_subset_);
    metrics["log_det"] = model_->flow()->LogDet().item<double>();
    if (scope == Scope::kFinal) {
      const double test_ll = MeanLogLikelihood(test_);
      metrics["test_ll"] = test_ll;
      metrics["test_bpd"] = BitsPerDim(test_ll, test_);
    }
    return metrics;
  }

  torch::Tensor AsImages(const torch::Tensor& samples) override {
    torch::Tensor y = samples.detach().to(torch::kFloat32).reshape(
        {samples.size(0), image_height_, image_width_});
    if (transform_ == Transform::kScaled) return ((y + 1) / 2).clamp(0, 1).cpu();
    return ((y.sigmoid() - alpha_) / (1 - 2 * alpha_)).clamp(0, 1).cpu();
  }

  torch::Tensor ModelSamples(int64_t n, at::Generator& generator) override {
    return model_->flow()->Sample(n, generator);
  }

 private:
  torch::Tensor ToModelSpace(const torch::Tensor& pixels, at::Generator& data) {
    torch::Tensor p = pixels.reshape({pixels.size(0), -1}).to(torch::kFloat32);
    if (transform_ == Transform::kScaled) return p * (2.0 / 255.0) - 1;
    torch::Tensor u = (p + torch::rand(p.sizes(), data)) / 256.0;
    torch::Tensor s = alpha_ + (1 - 2 * alpha_) * u;
    return s.log() - (1 - s).log();
  }

  // Mean exact log p(y) in nats, in chunks to bound memory.
  double MeanLogLikelihood(const torch::Tensor& y) {
    const int64_t chunk = 1000;
    double total = 0;
    for (int64_t start = 0; start < y.size(0); start += chunk) {
      torch::Tensor part = y.slice(0, start, std::min(start + chunk, y.size(0)));
      total += model_->LogDensity(part).to(torch::kFloat64).sum().item<double>();
    }
    return total / y.size(0);
  }

  // Bits per dimension on the 8-bit pixel scale for examples y whose mean
  // log p(y) is `mean_ll`: adds the mean log|dy/dp| of the transform.
  double BitsPerDim(double mean_ll, const torch::Tensor& y) const {
    const double dims = static_cast<double>(y.size(1));
    double log_jacobian;  // mean over examples of sum over dims of log|dy/dp|
    if (transform_ == Transform::kScaled) {
      log_jacobian = dims * std::log(2.0 / 255.0);
    } else {
      // dy/dp = (1 - 2 alpha) / (256 s (1 - s)) with s = sigmoid(y).
      torch::Tensor y64 = y.to(torch::kFloat64);
      torch::Tensor log_s = torch::log_sigmoid(y64), log_1ms = torch::log_sigmoid(-y64);
      log_jacobian = (std::log(1 - 2 * alpha_) - std::log(256.0)) * dims -
                     (log_s + log_1ms).sum(1).mean().item<double>();
    }
    return -(mean_ll + log_jacobian) / (dims * std::log(2.0));
  }

  torch::Device device_;
  Transform transform_ = Transform::kScaled;
  double alpha_ = 1e-6;
  int64_t image_height_ = 0, image_width_ = 0;
  torch::Tensor train_, test_, train_subset_, test_subset_;
  std::unique_ptr<NiceModel> model_;
};

}  // namespace

TaskInfo MakeNiceTaskInfo() {
  TaskInfo info;
  info.description = {
      "nice",
      "a NICE flow on MNIST / Fashion-MNIST trained as an EBM; exact test "
      "log-likelihood",
      NiceParams(),
      {
          {"test_ll", MetricDirection::kHigherIsBetter, "nats",
           "exact mean log p(y) of the full test set in the model's space "
           "(after the last step)"},
          {"test_bpd", MetricDirection::kLowerIsBetter, "bits/dim",
           "bits per dimension on the 8-bit pixel scale, the transform's "
           "Jacobian included (full test set, after the last step)"},
          {"test_ll_subset", MetricDirection::kHigherIsBetter, "nats",
           "test_ll on the fixed eval_subset (every evaluation)"},
          {"test_bpd_subset", MetricDirection::kLowerIsBetter, "bits/dim",
           "test_bpd on the fixed eval_subset (every evaluation)"},
          {"train_ll_subset", MetricDirection::kHigherIsBetter, "nats",
           "mean log p(y) of as many training images"},
          {"log_det", MetricDirection::kInformational, "nats",
           "sum of the flow's log scales, log|det dy/dx|"},
      },
      "test_ll",
  };
  info.datasets = [](const Params& params) {
    return std::vector<std::string>{params.GetString("dataset")};
  };
  info.create = [](const TaskContext& context) {
    return std::make_unique<NiceTask>(context);
  };
  return info;
}

}  // namespace ebm

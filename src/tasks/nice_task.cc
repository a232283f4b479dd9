#include "src/tasks/nice_task.h"

#include <cmath>

#include "src/data/image_datasets.h"
#include "src/data/pixel_transform.h"
#include "src/models/nice_energy.h"

namespace ebm {
namespace {

std::vector<ParamSpec> NiceParams() {
  return {
      {"dataset", ParamType::kString, std::string("mnist"),
       "image data set (fetched by tools/fetch_data.sh)", ImageDatasetNames()},
      {"transform", ParamType::kString, std::string("scaled"),
       "pixels to model space: scaled = 2p/255 - 1 (official code), logit = "
       "dequantized logit",
       PixelTransform::Names()},
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

class NiceTask : public Task {
 public:
  explicit NiceTask(const TaskContext& context)
      : device_(context.device),
        transform_(context.params.GetString("transform"),
                   context.params.GetDouble("logit_alpha")) {
    const Params& p = context.params;
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
    // The test images are fixed, so is their transform's log-Jacobian.
    test_log_jacobian_ = transform_.LogAbsJacobian(test_).mean().item<double>();
    subset_log_jacobian_ =
        transform_.LogAbsJacobian(test_subset_).mean().item<double>();

    NiceConfig config;
    config.dim = image_height_ * image_width_;
    config.hidden = p.GetInt("hidden");
    config.hidden_layers = p.GetInt("hidden_layers");
    config.couplings = p.GetInt("couplings");
    // Weights come from the global generator: seed it from the init stream.
    torch::manual_seed(context.streams.Seed(Stream::kModelInit));
    // Chains start from noise spread over the pixel range, in model space:
    // U(-1, 1) for the scaled transform (as JEM), its logistic image for the
    // logit transform.
    auto initial = [transform = transform_, dim = config.dim, device = device_](
                       int64_t n, at::Generator& generator) {
      const double top = transform.dequantizes() ? 256.0 : 255.0;
      return transform.ToModel(
          torch::rand({n, dim}, generator, torch::TensorOptions().device(device)) * top);
    };
    model_ = std::make_unique<NiceEnergyModel>(config, device_, initial);
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
    metrics["test_bpd_subset"] = BitsPerDim(test_subset_ll, subset_log_jacobian_, test_subset_.size(1));
    metrics["train_ll_subset"] = MeanLogLikelihood(train_subset_);
    metrics["log_det"] = model_->flow()->LogDet().item<double>();
    if (scope == Scope::kFinal) {
      const double test_ll = MeanLogLikelihood(test_);
      metrics["test_ll"] = test_ll;
      metrics["test_bpd"] = BitsPerDim(test_ll, test_log_jacobian_, test_.size(1));
    }
    return metrics;
  }

  torch::Tensor AsImages(const torch::Tensor& samples) override {
    torch::Tensor y = samples.detach().to(torch::kFloat32).reshape(
        {samples.size(0), image_height_, image_width_});
    return transform_.ToUnit(y).cpu();
  }

  torch::Tensor ModelSamples(int64_t n, at::Generator& generator) override {
    return model_->flow()->Sample(n, generator);
  }

 private:
  torch::Tensor ToModelSpace(const torch::Tensor& pixels, at::Generator& data) {
    torch::Tensor p = pixels.reshape({pixels.size(0), -1}).to(torch::kFloat32);
    if (transform_.dequantizes()) p = p + torch::rand(p.sizes(), data);
    return transform_.ToModel(p);
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

  torch::Device device_;
  PixelTransform transform_;
  int64_t image_height_ = 0, image_width_ = 0;
  torch::Tensor train_, test_, train_subset_, test_subset_;
  // Mean log|dy/dp| of the test set and of its subset: bits/dim's offset.
  double test_log_jacobian_ = 0, subset_log_jacobian_ = 0;
  std::unique_ptr<NiceEnergyModel> model_;
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
      "test_ll_subset",
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

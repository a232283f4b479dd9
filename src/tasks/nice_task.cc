#include "src/tasks/nice_task.h"

#include <cmath>

#include "src/core/random_streams.h"
#include "src/core/random_tensors.h"
#include "src/data/image_datasets.h"
#include "src/data/pixel_transform.h"
#include "src/models/nice_energy.h"
#include "src/tasks/in_chunks.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {
namespace {

class NiceTask : public Task {
 public:
  explicit NiceTask(const TaskContext& context)
      : device_(context.device),
        transform_(context.params.GetString("transform"),
                   context.params.GetDouble("logit_alpha")) {
    const Params& p = context.params;
    const std::string& dataset = p.GetString("dataset");
    ImageSplit train = LoadImageSplit(dataset, /*train=*/true);
    ImageSplit test = LoadImageSplit(dataset, /*train=*/false);
    image_height_ = train.images.size(1);
    image_width_ = train.images.size(2);

    // The validation split and the fixed noise of validation and test
    // images depend on split_seed alone: every run validates and tests on
    // the same numbers.
    RandomStreams split(static_cast<uint64_t>(p.GetInt("split_seed")));
    HoldOut hold_out = HoldOutIndices(train.images.size(0), p.GetInt("val_size"),
                                      split.Seed(Stream::kData, 0));
    torch::Tensor train_pixels = Flat(train.images.index_select(0, hold_out.train));
    torch::Tensor val_pixels = Flat(train.images.index_select(0, hold_out.held_out));
    at::Generator val_noise = split.Generator(Stream::kData, 1, torch::kCPU);
    at::Generator test_noise = split.Generator(Stream::kData, 2, torch::kCPU);
    val_ = transform_.ToModel(val_pixels, val_noise).to(device_);
    test_ = transform_.ToModel(Flat(test.images), test_noise).to(device_);

    const int64_t train_size = p.GetInt("train_size");
    TORCH_CHECK(train_size >= 0 && train_size <= train_pixels.size(0),
                "train_size ", train_size, " outside 0..", train_pixels.size(0));
    if (train_size > 0) {
      // A seeded random subset, so small runs still see every digit.
      at::Generator data = context.streams.Generator(Stream::kData, 0, torch::kCPU);
      torch::Tensor chosen = torch::randperm(train_pixels.size(0), data,
                                             torch::kLong).slice(0, 0, train_size);
      train_pixels = train_pixels.index_select(0, chosen);
    }
    // Training images stay pixels: Augment dequantizes each batch with
    // fresh noise every time an image is used.
    train_pixels_ = train_pixels.to(device_);
    const int64_t subset = std::min<int64_t>(p.GetInt("eval_subset"), train_pixels_.size(0));
    TORCH_CHECK(subset > 0, "eval_subset must be positive");
    at::Generator subset_noise = split.Generator(Stream::kData, 3, torch::kCPU);
    train_subset_ =
        transform_.ToModel(train_pixels_.slice(0, 0, subset).cpu(), subset_noise).to(device_);
    // Validation and test images are fixed, so are their transform's
    // log-Jacobians.
    val_log_jacobian_ = transform_.LogAbsJacobian(val_).mean().item<double>();
    test_log_jacobian_ = transform_.LogAbsJacobian(test_).mean().item<double>();

    NiceConfig config;
    config.dim = image_height_ * image_width_;
    config.hidden = p.GetInt("hidden");
    config.hidden_layers = p.GetInt("hidden_layers");
    config.couplings = p.GetInt("couplings");
    // Weights come from the global generator: seed it from the init stream.
    torch::manual_seed(context.streams.Seed(Stream::kModelInit));
    // Chains start from noise spread over the pixel range, in model space:
    // U(-1, 1) for the scaled and dequantized transforms (as JEM), its
    // logistic image for the logit transform.
    auto initial = [transform = transform_, dim = config.dim, device = device_](
                       int64_t n, at::Generator& generator) {
      return transform.ToModel(Uniform01({n, dim}, generator,
                                           torch::TensorOptions().device(device)) *
                               transform.PixelRange());
    };
    model_ = std::make_unique<NiceEnergyModel>(config, device_, initial);
  }

  EnergyModel& model() override { return *model_; }
  int64_t TrainSize() const override { return train_pixels_.size(0); }
  // Pixel values; Augment turns them into the model's space.
  torch::Tensor TrainBatch(const torch::Tensor& indices) override {
    return train_pixels_.index_select(0, indices.to(device_));
  }
  // Uniform dequantization with noise drawn from the step's augmentation
  // stream: new noise each time an image is used, the same in a resumed run.
  torch::Tensor Augment(const torch::Tensor& pixels, at::Generator& generator) override {
    return transform_.ToModel(pixels, generator);
  }

  std::map<std::string, double> Evaluate(Scope) override {
    torch::NoGradGuard no_grad;
    std::map<std::string, double> metrics;
    const int64_t dims = test_.size(1);
    const double val_ll = MeanLogLikelihood(val_);
    metrics["val_ll"] = val_ll;
    metrics["val_bpd"] = BitsPerDim(val_ll, val_log_jacobian_, dims);
    const double test_ll = MeanLogLikelihood(test_);
    metrics["test_ll"] = test_ll;
    metrics["test_bpd"] = BitsPerDim(test_ll, test_log_jacobian_, dims);
    metrics["train_ll_subset"] = MeanLogLikelihood(train_subset_);
    metrics["log_det"] = model_->flow()->LogDet().item<double>();
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
  static torch::Tensor Flat(const torch::Tensor& images) {
    return images.reshape({images.size(0), -1}).to(torch::kFloat32);
  }

  // Mean exact log p(y) in nats, in chunks to bound memory.
  double MeanLogLikelihood(const torch::Tensor& y) {
    return InChunks(y, 1000, [&](const torch::Tensor& part) {
             return model_->LogDensity(part).to(torch::kFloat64);
           })
        .mean()
        .item<double>();
  }

  torch::Device device_;
  PixelTransform transform_;
  int64_t image_height_ = 0, image_width_ = 0;
  torch::Tensor train_pixels_;  // float pixel values [N, D]
  torch::Tensor val_, test_, train_subset_;  // in model space, fixed noise
  // Mean log|dy/dp| of the validation and test sets: bits/dim's offsets.
  double val_log_jacobian_ = 0, test_log_jacobian_ = 0;
  std::unique_ptr<NiceEnergyModel> model_;
};

}  // namespace

TaskInfo MakeNiceTaskInfo() {
  TaskInfo info;
  info.description = NiceTaskDescription();
  info.create = [](const TaskContext& context) {
    return std::make_unique<NiceTask>(context);
  };
  return info;
}

}  // namespace ebm

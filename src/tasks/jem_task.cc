#include "src/tasks/jem_task.h"

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "src/data/image_augmentation.h"
#include "src/metrics/classification.h"
#include "src/metrics/inception_scores.h"
#include "src/tasks/image_classification_data.h"
#include "src/tasks/in_chunks.h"
#include "src/tasks/jem_image_model.h"
#include "src/tasks/sample_quality.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {
namespace {

std::string AutoAugmentation(const std::string& dataset) {
  if (dataset == "cifar10" || dataset == "cifar100") return "crop_flip";
  if (dataset == "svhn") return "crop";
  return "none";
}

class JemTask : public Task {
 public:
  explicit JemTask(const TaskContext& context) : device_(context.device) {
    const Params& p = context.params;
    const std::string dataset = p.GetString("dataset");
    if (!p.GetString("inception").empty()) {
      inception_ = std::make_unique<InceptionNetwork>(p.GetString("inception"), device_);
    }
    at::Generator data = context.streams.Generator(Stream::kData, 0, torch::kCPU);
    LabeledImageSet set = LoadImageClassificationData(dataset, p, data);
    if (p.GetInt("train_size") > 0) {
      const int64_t n = std::min(p.GetInt("train_size"), set.train_x.size(0));
      set.train_x = set.train_x.slice(0, 0, n);
      set.train_y = set.train_y.slice(0, 0, n);
    }
    const std::string augment = p.GetString("augment");
    augmentation_ = ParseAugmentation(augment == "auto" ? AutoAugmentation(dataset) : augment,
                                      p.GetDouble("data_noise"), p.GetString("pad_mode"));
    shares_labeled_batch_ = p.GetString("labeled_batch") == "shared";
    train_x_ = set.train_x.to(device_);
    train_y_ = set.train_y.to(device_);
    test_x_ = set.test_x;
    test_y_ = set.test_y;
    eval_size_ = std::max<int64_t>(1, std::min(p.GetInt("eval_size"), test_x_.size(0)));
    sample_count_ = p.GetInt("sample_count");
    if (sample_count_ == 1) throw std::invalid_argument("sample_count: 0 or at least 2");
    if (sample_count_ > 0) {
      quality_ = std::make_unique<ClassifierFrechetDistance>(
          set.train_x, set.train_y, set.test_x, set.classes, p.GetInt("feature_steps"),
          device_);
    }
    std::vector<int64_t> shape(set.train_x.sizes().begin() + 1, set.train_x.sizes().end());
    torch::manual_seed(context.streams.Seed(Stream::kModelInit));
    model_ = MakeJemImageModel(p, shape, set.classes);
    model_->module().to(device_);
  }

  EnergyModel& model() override { return *model_; }
  int64_t TrainSize() const override { return train_x_.size(0); }
  torch::Tensor TrainBatch(const torch::Tensor& indices) override {
    return train_x_.index_select(0, indices.to(device_));
  }
  // Every training image is labelled (JEM's supervised setting).
  int64_t LabeledSize() const override { return train_x_.size(0); }
  bool SharesLabeledBatch() const override { return shares_labeled_batch_; }
  std::pair<torch::Tensor, torch::Tensor> LabeledBatch(const torch::Tensor& indices) override {
    torch::Tensor i = indices.to(device_);
    return {train_x_.index_select(0, i), train_y_.index_select(0, i)};
  }
  torch::Tensor Augment(const torch::Tensor& x, at::Generator& generator) override {
    return AugmentImages(x, augmentation_, generator);
  }

  std::map<std::string, double> Evaluate(Scope scope) override {
    torch::NoGradGuard no_grad;
    const bool was_training = model_->module().is_training();
    model_->module().eval();
    const int64_t n = scope == Scope::kFinal ? test_x_.size(0) : eval_size_;
    ClassificationMetrics m = EvaluateClassifier(Logits(test_x_.slice(0, 0, n)),
                                                 test_y_.slice(0, 0, n));
    model_->module().train(was_training);
    std::map<std::string, double> metrics = {
        {"test_acc", m.accuracy}, {"test_nll", m.nll}, {"test_ece", m.ece},
        {"test_f", m.mean_energy}};
    if (scope == Scope::kFinal) {
      // The reliability diagram's bins (1-based, 15 of them).
      for (size_t b = 0; b < m.bins.size(); ++b) {
        char name[32];
        std::snprintf(name, sizeof(name), "%02zu", b + 1);
        metrics[std::string("reliability/accuracy_") + name] = m.bins[b].accuracy;
        metrics[std::string("reliability/confidence_") + name] = m.bins[b].confidence;
        metrics[std::string("reliability/count_") + name] = m.bins[b].count;
      }
    }
    return metrics;
  }

  int64_t SampleMetricCount() const override { return sample_count_; }
  std::map<std::string, double> SampleMetrics(const torch::Tensor& samples) override {
    std::map<std::string, double> metrics = quality_->Measure(samples.cpu());
    metrics["sample_fd_net_acc"] = quality_->FeatureNetAccuracy(test_y_);
    if (inception_) {
      if (!inception_test_) {
        inception_test_ = std::make_unique<GaussianFit>(
            FitGaussian(inception_->Run(test_x_).features));
      }
      InceptionNetwork::Outputs out = inception_->Run(samples.detach().clamp(-1, 1));
      metrics["fid"] = FrechetDistance(FitGaussian(out.features), *inception_test_);
      metrics["inception_score"] = InceptionScore(out.logits);
    }
    return metrics;
  }

  torch::Tensor AsImages(const torch::Tensor& samples) override {
    // Grey pictures for the sample grids (colour sets shown as luminance).
    torch::Tensor unit = ((samples.detach().cpu() + 1) / 2).clamp(0, 1);
    return unit.size(1) == 1 ? unit.squeeze(1) : unit.mean(1);
  }

 private:
  torch::Tensor Logits(const torch::Tensor& x) {
    return InChunks(x, 500, [&](const torch::Tensor& c) { return model_->Logits(c.to(device_)).cpu(); });
  }

  torch::Device device_;
  AugmentationOptions augmentation_;
  torch::Tensor train_x_, train_y_, test_x_, test_y_;
  int64_t eval_size_ = 0, sample_count_ = 0;
  bool shares_labeled_batch_ = false;
  std::unique_ptr<ClassifierFrechetDistance> quality_;
  std::unique_ptr<InceptionNetwork> inception_;
  std::unique_ptr<GaussianFit> inception_test_;  // of the test images, once
  std::unique_ptr<JemClassifier> model_;
};

}  // namespace

TaskInfo MakeJemTaskInfo() {
  TaskInfo info;
  info.description = JemTaskDescription();
  info.create = [](const TaskContext& context) -> std::unique_ptr<Task> {
    return std::make_unique<JemTask>(context);
  };
  return info;
}

}  // namespace ebm

#include "src/tasks/ood_task.h"

#include <stdexcept>

#include "src/metrics/auroc.h"
#include "src/models/model_checkpoint.h"
#include "src/tasks/image_classification_data.h"
#include "src/tasks/jem_image_model.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {
namespace {

const std::vector<std::string> kScores = {"logpx", "maxsoftmax", "gradnorm"};
std::vector<double> ToVector(const torch::Tensor& t) {
  torch::Tensor d = t.to(torch::kCPU, torch::kDouble).contiguous();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

class OodTask : public Task {
 public:
  explicit OodTask(const TaskContext& context) : device_(context.device) {
    const Params& p = context.params;
    if (!context.trained_checkpoint) {
      throw std::runtime_error("the ood task evaluates a stored jem run: run it with `ebmbench run`");
    }
    const int64_t n = p.GetInt("ood_size");
    if (n < 2) throw std::invalid_argument("ood_size must be at least 2");
    at::Generator g = context.streams.Generator(Stream::kData, 0, torch::kCPU);
    LabeledImageSet set = LoadImageClassificationData(p.GetString("dataset"), p, g);
    in_ = set.test_x.slice(0, 0, n);
    for (const std::string& name : OodSets(p)) {
      torch::Tensor x;
      if (name == "interp") {
        torch::Tensor a = torch::randint(0, set.test_x.size(0), {n}, g, torch::kLong);
        torch::Tensor b = torch::randint(0, set.test_x.size(0), {n}, g, torch::kLong);
        x = (set.test_x.index_select(0, a) + set.test_x.index_select(0, b)) / 2;
      } else if (name == "uniform") {
        x = torch::rand(in_.sizes(), g) * 2 - 1;
      } else if (name == "constant") {
        x = (torch::rand({n, in_.size(1), 1, 1}, g) * 2 - 1).expand(in_.sizes()).contiguous();
      } else {
        x = LoadTestImages(name).slice(0, 0, n);
        if (x.sizes().slice(1) != in_.sizes().slice(1)) {
          throw std::invalid_argument("ood set " + name + " has images of another shape than " +
                                      p.GetString("dataset"));
        }
      }
      sets_.push_back({name, x});
    }
    std::vector<int64_t> shape(in_.sizes().begin() + 1, in_.sizes().end());
    model_ = MakeJemImageModel(p, shape, set.classes);
    model_->module().to(device_);
    std::vector<std::string> keys;
    for (const ParamSpec& spec : JemImageModelParams()) keys.push_back(spec.name);
    LoadModelFromCheckpoint(context.trained_checkpoint(p.GetString("source_task"), keys),
                            *model_);
    model_->module().eval();
  }

  EnergyModel& model() override { return *model_; }
  // Nothing is trained; the runner still checks that a batch would fit.
  int64_t TrainSize() const override { return in_.size(0); }
  torch::Tensor TrainBatch(const torch::Tensor& indices) override {
    return in_.index_select(0, indices).to(device_);
  }

  std::map<std::string, double> Evaluate(Scope) override {
    model_->module().eval();
    std::map<std::string, std::vector<double>> in_scores = Scores(in_);
    std::map<std::string, double> metrics, sums;
    for (const auto& [name, x] : sets_) {
      std::map<std::string, std::vector<double>> out_scores = Scores(x);  // once per set
      for (const std::string& score : kScores) {
        const double auroc = Auroc(in_scores[score], out_scores[score]);
        metrics["auroc_" + score + "_" + name] = auroc;
        sums[score] += auroc;
      }
    }
    if (!sets_.empty()) {
      for (const std::string& score : kScores)
        metrics["auroc_" + score + "_mean"] = sums[score] / sets_.size();
    }
    return metrics;
  }

 private:
  // The three scores of every example, in chunks.
  std::map<std::string, std::vector<double>> Scores(const torch::Tensor& x) {
    std::map<std::string, std::vector<double>> scores;
    for (int64_t start = 0; start < x.size(0); start += 250) {
      torch::Tensor chunk =
          x.slice(0, start, std::min(start + 250, x.size(0))).to(device_).requires_grad_(true);
      torch::Tensor logits = model_->Logits(chunk);
      torch::Tensor f = torch::logsumexp(logits, 1);
      torch::Tensor grad = torch::autograd::grad({f.sum()}, {chunk})[0];
      torch::Tensor parts[] = {f.detach(), torch::softmax(logits.detach(), 1).amax(1),
                               -grad.flatten(1).norm(2, 1)};
      for (size_t s = 0; s < kScores.size(); ++s) {
        std::vector<double> v = ToVector(parts[s]);
        scores[kScores[s]].insert(scores[kScores[s]].end(), v.begin(), v.end());
      }
    }
    return scores;
  }

  torch::Device device_;
  torch::Tensor in_;
  std::vector<std::pair<std::string, torch::Tensor>> sets_;
  std::unique_ptr<JemClassifier> model_;
};

}  // namespace

TaskInfo MakeOodTaskInfo() {
  TaskInfo info;
  info.description = OodTaskDescription();
  info.create = [](const TaskContext& context) -> std::unique_ptr<Task> {
    return std::make_unique<OodTask>(context);
  };
  return info;
}

}  // namespace ebm

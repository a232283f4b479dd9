#include "src/tasks/tabular_ssl_task.h"

#include <sstream>
#include <stdexcept>

#include "src/data/tabular_datasets.h"
#include "src/data/tabular_preprocessing.h"
#include "src/metrics/classification.h"
#include "src/models/jem_classifier.h"
#include "src/tasks/in_chunks.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {
namespace {

std::vector<int64_t> ParseWidths(const std::string& text) {
  std::vector<int64_t> widths;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      size_t used = 0;
      const int64_t w = std::stoll(item, &used);
      if (used != item.size() || w < 1) throw std::invalid_argument(item);
      widths.push_back(w);
    } catch (const std::exception&) {
      throw std::invalid_argument("hidden: '" + text +
                                  "' is not a comma-separated list of positive widths");
    }
  }
  if (widths.empty()) throw std::invalid_argument("hidden: at least one layer is needed");
  return widths;
}

// K unit-variance Gaussian clusters in D dimensions with means N(0, 4 I),
// split 70 / 10 / 20 and standardized like the real data sets.
TabularData MakeMixture(int64_t k, int64_t d, int64_t n, at::Generator& g) {
  TORCH_CHECK(k >= 2 && d >= 1 && n >= 10 * k, "mixture needs k >= 2, d >= 1, n >= 10 k");
  torch::Tensor means = torch::randn({k, d}, g, torch::kDouble) * 2;
  torch::Tensor y = torch::arange(n, torch::kLong).remainder(k);
  torch::Tensor x = means.index_select(0, y) + torch::randn({n, d}, g, torch::kDouble);
  return PrepareTabular({x, y}, {}, k, TabularSplit{}, g);
}

class TabularSslTask : public Task {
 public:
  explicit TabularSslTask(const TaskContext& context) : device_(context.device) {
    const Params& p = context.params;
    at::Generator split = context.streams.Generator(Stream::kData, 0, torch::kCPU);
    const std::string& name = p.GetString("dataset");
    TabularData data = name == kTabularMixtureDataset
                           ? MakeMixture(p.GetInt("mixture_classes"), p.GetInt("mixture_dim"),
                                         p.GetInt("mixture_size"), split)
                           : LoadTabularDataset(name, split);
    torch::Tensor labeled =
        ChooseLabeled(data.train.y, data.num_classes, p.GetInt("labels_per_class"), split);
    train_x_ = data.train.x.to(device_);
    labeled_x_ = data.train.x.index_select(0, labeled).to(device_);
    labeled_y_ = data.train.y.index_select(0, labeled).to(device_);
    validation_ = {data.validation.x.to(device_), data.validation.y};
    test_ = {data.test.x.to(device_), data.test.y};

    std::vector<int64_t> widths = {train_x_.size(1)};
    for (int64_t w : ParseWidths(p.GetString("hidden"))) widths.push_back(w);
    widths.push_back(data.num_classes);
    torch::manual_seed(context.streams.Seed(Stream::kModelInit));
    model_ = MakeJemMlpClassifier(widths, /*box=*/1.0);
    model_->module().to(device_);
  }

  EnergyModel& model() override { return *model_; }
  int64_t TrainSize() const override { return train_x_.size(0); }
  torch::Tensor TrainBatch(const torch::Tensor& indices) override {
    return train_x_.index_select(0, indices.to(device_));
  }
  int64_t LabeledSize() const override { return labeled_x_.size(0); }
  std::pair<torch::Tensor, torch::Tensor> LabeledBatch(const torch::Tensor& indices) override {
    torch::Tensor i = indices.to(device_);
    return {labeled_x_.index_select(0, i), labeled_y_.index_select(0, i)};
  }

  std::map<std::string, double> Evaluate(Scope) override {
    torch::NoGradGuard no_grad;
    const bool was_training = model_->module().is_training();
    model_->module().eval();
    std::map<std::string, double> metrics;
    for (auto& [prefix, split] : {std::pair<std::string, LabeledTable*>{"test", &test_},
                                  {"val", &validation_}}) {
      ClassificationMetrics m = EvaluateClassifier(Logits(split->x), split->y);
      metrics[prefix + "_acc"] = m.accuracy;
      metrics[prefix + "_nll"] = m.nll;
      metrics[prefix + "_ece"] = m.ece;
      metrics[prefix + "_f"] = m.mean_energy;
    }
    model_->module().train(was_training);
    return metrics;
  }

 private:
  torch::Tensor Logits(const torch::Tensor& x) {
    return InChunks(x, 4096, [&](const torch::Tensor& c) { return model_->Logits(c); });
  }

  torch::Device device_;
  torch::Tensor train_x_, labeled_x_, labeled_y_;
  LabeledTable validation_, test_;
  std::unique_ptr<JemClassifier> model_;
};

}  // namespace

TaskInfo MakeTabularSslTaskInfo() {
  TaskInfo info;
  info.description = TabularSslTaskDescription();
  info.create = [](const TaskContext& context) -> std::unique_ptr<Task> {
    return std::make_unique<TabularSslTask>(context);
  };
  return info;
}

}  // namespace ebm

#include "src/tasks/toy2d_task.h"

#include "src/core/random_tensors.h"
#include "src/data/toy2d.h"
#include "src/metrics/grid_normalizer.h"
#include "src/models/mlp_energy.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {
namespace {

class Toy2dModel : public EnergyModel {
 public:
  Toy2dModel(const Params& params, torch::Device device)
      : net_(MakeWidths(params), params.GetString("activation")),
        train_box_{-params.GetDouble("box"), params.GetDouble("box"),
                   params.GetInt("train_grid")},
        device_(device) {
    net_->to(device);
  }

  torch::Tensor LogDensity(const torch::Tensor& x) override {
    return net_->forward(x).squeeze(1);
  }
  torch::Tensor LogDensityGradient(const torch::Tensor& x) override {
    return net_->InputGradient(x);
  }

  std::vector<int64_t> SampleShape() const override { return {2}; }
  bool HasExactLikelihood() const override { return true; }

  torch::Tensor ExactLogLikelihood(const torch::Tensor& x) override {
    torch::Tensor log_z = GridLogNormalizer(
        [this](const torch::Tensor& p) { return LogDensity(p); }, train_box_,
        device_);
    return LogDensity(x) - log_z;
  }

  torch::Tensor InitialSamples(int64_t n, at::Generator& generator) override {
    auto options = torch::TensorOptions().device(device_);
    return (Uniform01({n, 2}, generator, options) * 2 - 1) * train_box_.high;
  }

  torch::nn::Module& module() override { return *net_; }

 private:
  static std::vector<int64_t> MakeWidths(const Params& params) {
    std::vector<int64_t> widths = {2};
    for (int64_t i = 0; i < params.GetInt("depth"); ++i)
      widths.push_back(params.GetInt("hidden"));
    widths.push_back(1);
    return widths;
  }

  MlpEnergy net_;
  GridBox train_box_;
  torch::Device device_;
};

class Toy2dTask : public Task {
 public:
  explicit Toy2dTask(const TaskContext& context)
      : device_(context.device),
        eval_box_{-context.params.GetDouble("box"),
                  context.params.GetDouble("box"),
                  context.params.GetInt("eval_grid")} {
    const Params& p = context.params;
    at::Generator data = context.streams.Generator(Stream::kData, 0,
                                                   torch::kCPU);
    const std::string& name = p.GetString("dataset");
    train_ = SampleToy2d(name, p.GetInt("train_size"), data).to(device_);
    test_ = SampleToy2d(name, p.GetInt("test_size"), data).to(device_);
    // Weights come from the global generator: seed it from the init stream.
    torch::manual_seed(context.streams.Seed(Stream::kModelInit));
    model_ = std::make_unique<Toy2dModel>(p, device_);
  }

  EnergyModel& model() override { return *model_; }
  int64_t TrainSize() const override { return train_.size(0); }

  torch::Tensor TrainBatch(const torch::Tensor& indices) override {
    return train_.index_select(0, indices.to(device_));
  }

  std::map<std::string, double> Evaluate(Scope) override {
    torch::NoGradGuard no_grad;
    torch::Tensor log_z = GridLogNormalizer(
        [this](const torch::Tensor& x) { return model_->LogDensity(x); },
        eval_box_, device_);
    double test_ll = (model_->LogDensity(test_).mean() - log_z).item<double>();
    int64_t n = std::min<int64_t>(train_.size(0), test_.size(0));
    double train_ll =
        (model_->LogDensity(train_.slice(0, 0, n)).mean() - log_z)
            .item<double>();
    return {{"test_ll", test_ll},
            {"train_ll", train_ll},
            {"log_z", log_z.item<double>()}};
  }

 private:
  torch::Device device_;
  GridBox eval_box_;
  torch::Tensor train_, test_;
  std::unique_ptr<Toy2dModel> model_;
};

}  // namespace

TaskInfo MakeToy2dTaskInfo() {
  TaskInfo info;
  info.description = Toy2dTaskDescription();
  info.create = [](const TaskContext& context) {
    return std::make_unique<Toy2dTask>(context);
  };
  return info;
}

}  // namespace ebm

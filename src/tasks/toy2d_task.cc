#include "src/tasks/toy2d_task.h"

#include "src/core/random_tensors.h"
#include "src/data/toy2d.h"
#include "src/metrics/grid_normalizer.h"
#include "src/models/mlp_energy.h"

namespace ebm {
namespace {

std::vector<ParamSpec> Toy2dParams() {
  return {
      {"dataset", ParamType::kString, std::string("8gaussians"),
       "which 2-D density", Toy2dDatasetNames()},
      {"train_size", ParamType::kInt, int64_t{20000}, "training samples", {}, AtLeast(1)},
      {"test_size", ParamType::kInt, int64_t{5000}, "test samples", {}, AtLeast(1)},
      {"hidden", ParamType::kInt, int64_t{100}, "width of each hidden layer", {}, AtLeast(1)},
      {"depth", ParamType::kInt, int64_t{2}, "number of hidden layers", {}, AtLeast(1)},
      {"activation", ParamType::kString, std::string("leaky_relu"),
       "hidden activation (the paper's leaky_relu has no curvature, which "
       "score matching needs: use softplus or elu for ssm)",
       MlpActivationNames()},
      {"box", ParamType::kDouble, 5.0,
       "half-width of the square [-box, box]^2 on which exp(f) is normalized "
       "and MCMC chains start (uniform noise)", {}, Above(0)},
      {"eval_grid", ParamType::kInt, int64_t{256},
       "cells per side of the evaluation grid", {}, Between(2, 2048)},
      {"train_grid", ParamType::kInt, int64_t{128},
       "cells per side of the grid for the differentiable exact likelihood "
       "(exact maximum likelihood trains on it)", {}, Between(2, 1024)},
  };
}

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
  info.description = {
      "toy2d",
      "2-D densities learned by an MLP energy; exact test log-likelihood by "
      "grid normalization",
      Toy2dParams(),
      {
          {"test_ll", MetricDirection::kHigherIsBetter, "nats",
           "exact mean log-likelihood of the test set (grid-normalized)"},
          {"train_ll", MetricDirection::kHigherIsBetter, "nats",
           "the same on as many training samples as the test set has"},
          {"log_z", MetricDirection::kInformational, "nats",
           "log-normalizer of exp(f) on the evaluation grid (informational)"},
      },
      "test_ll",
  };
  // Judged on training data (the task has no validation split).
  info.description.collapse_rules = {
      {CollapseRule::Kind::kMagnitudeAbove, "log_z", 1e6, 0, "the energy ran away"},
      {CollapseRule::Kind::kWorseThanUntrained, "train_ll", 5, 0,
       "the density left the data: worse than the untrained model's by e^5", 3},
  };
  info.create = [](const TaskContext& context) {
    return std::make_unique<Toy2dTask>(context);
  };
  return info;
}

}  // namespace ebm

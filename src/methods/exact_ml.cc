#include "src/methods/exact_ml.h"

#include "src/methods/adam_settings.h"

namespace ebm {
namespace {

class ExactMl : public Method {
 public:
  explicit ExactMl(const MethodContext& context)
      : model_(context.model),
        parameters_(context.model.module().parameters()),
        optimizer_(MakeAdam(parameters_, context.params)) {}

  Scalars Step(const torch::Tensor& batch, at::Generator&) override {
    model_.module().train();
    optimizer_->zero_grad();
    torch::Tensor log_likelihood = model_.ExactLogLikelihood(batch).mean();
    torch::Tensor loss = -log_likelihood;
    loss.backward();
    double grad_norm = GradientNorm(parameters_);
    optimizer_->step();
    return {{"loss", loss.item<double>()},
            {"log_likelihood", log_likelihood.item<double>()},
            {"grad_norm", grad_norm}};
  }

  void Save(torch::serialize::OutputArchive& archive) override {
    SaveOptimizer(*optimizer_, "optimizer", archive);
  }

  void Load(torch::serialize::InputArchive& archive) override {
    LoadOptimizer(*optimizer_, "optimizer", archive);
  }

 private:
  EnergyModel& model_;
  std::vector<torch::Tensor> parameters_;
  std::unique_ptr<torch::optim::Adam> optimizer_;
};

}  // namespace

MethodInfo MakeExactMlMethodInfo() {
  MethodInfo info;
  info.name = "exact_ml";
  info.summary = "exact maximum likelihood (tractable models only): the ceiling";
  info.params = AdamParamSpecs(1e-3, 0.9, 0.999);
  info.needs_exact_likelihood = true;
  info.create = [](const MethodContext& context) {
    return std::make_unique<ExactMl>(context);
  };
  return info;
}

}  // namespace ebm

#include "src/methods/pcd.h"

#include <optional>

#include "src/methods/energy_training.h"
#include "src/methods/classifier_terms.h"
#include "src/methods/loss_method.h"
#include "src/methods/replay_buffer.h"
#include "src/methods/sgld.h"

namespace ebm {
namespace {

// PCD when `persistent` (chains from the replay buffer), short-run MCMC
// otherwise (every chain starts from the model's initial noise). With
// `jem`, the model is a classifier and the loss adds JEM's classifier
// terms. (The gradient penalty, as every stabilizer, is LossMethod's.)
class Pcd : public LossMethod {
 public:
  Pcd(bool persistent, bool jem, const MethodContext& context)
      : LossMethod(context),
        sgld_{context.params.GetInt("sgld_steps"),
              context.params.GetDouble("step_size"),
              context.params.GetDouble("noise")},
        l2_energy_(context.params.GetDouble("l2_energy")) {
    if (jem) classifier_ = ClassifierWeightsFrom(context.params);
    if (persistent) {
      buffer_.emplace(context.model, context.params.GetInt("buffer_size"),
                      context.params.GetDouble("reinit_fraction"),
                      context.setup_noise);
    }
  }

  torch::Tensor Sample(int64_t n, at::Generator& noise) override {
    return RunSgld(model_, Start(n, noise), sgld_, noise);
  }

  void Save(torch::serialize::OutputArchive& archive) override {
    LossMethod::Save(archive);
    if (buffer_) buffer_->Save(archive);
  }

  void Load(torch::serialize::InputArchive& archive) override {
    LossMethod::Load(archive);
    if (buffer_) buffer_->Load(archive);
  }

 protected:
  torch::Tensor Loss(const Batch& batch, at::Generator& noise,
                     Scalars& scalars) override {
    torch::Tensor samples = RunSgld(model_, Start(batch.x.size(0), noise), sgld_, noise);
    if (buffer_) buffer_->WriteBack(samples);
    torch::Tensor logits;
    torch::Tensor f_data = DataLogDensity(batch, classifier_ ? &logits : nullptr).mean();
    torch::Tensor f_samples = model_.LogDensity(samples).mean();
    torch::Tensor loss = -(f_data - f_samples);
    if (l2_energy_ > 0) loss = loss + l2_energy_ * (f_data.pow(2) + f_samples.pow(2));
    scalars.push_back({"f_data", f_data.item<double>()});
    scalars.push_back({"f_samples", f_samples.item<double>()});
    if (classifier_)
      loss = loss + ClassifierTerms(model_, batch, *classifier_, scalars, logits);
    return loss;
  }

 private:
  torch::Tensor Start(int64_t n, at::Generator& noise) {
    return buffer_ ? buffer_->Draw(n, noise) : model_.InitialSamples(n, noise);
  }

  SgldSettings sgld_;
  double l2_energy_;
  std::optional<ClassifierWeights> classifier_;
  std::optional<ReplayBuffer> buffer_;
};

std::vector<ParamSpec> SgldParamSpecs() {
  std::vector<ParamSpec> specs = TrainingParamSpecs(1e-3, 0.0, 0.9);
  for (ParamSpec spec : std::vector<ParamSpec>{
           {"sgld_steps", ParamType::kInt, int64_t{20}, "SGLD steps per iteration", {}, AtLeast(1)},
           {"step_size", ParamType::kDouble, 1.0,
            "SGLD gradient step a in x + a grad f + s eps", {}, AtLeast(0)},
           {"noise", ParamType::kDouble, 0.01, "SGLD noise s", {}, AtLeast(0)},
           {"l2_energy", ParamType::kDouble, 0.0,
            "weight of the f^2 regularizer (Du & Mordatch); 0 = off", {}, AtLeast(0)},
       }) {
    specs.push_back(spec);
  }
  return specs;
}

}  // namespace

MethodInfo MakePcdMethodInfo() {
  MethodInfo info;
  info.name = "pcd";
  info.summary =
      "PCD/SGLD with a replay buffer (JEM's sampler): a = step_size, "
      "s = noise; JEM uses a = 1, s = 0.01, proper Langevin a = s^2/2";
  info.params = SgldParamSpecs();
  info.params.push_back({"buffer_size", ParamType::kInt, int64_t{10000},
                         "replay buffer size", {}, AtLeast(1)});
  info.params.push_back({"reinit_fraction", ParamType::kDouble, 0.05,
                         "share of drawn chains restarted from noise", {}, Between(0, 1)});
  info.create = [](const MethodContext& context) {
    return std::make_unique<Pcd>(true, false, context);
  };
  return info;
}

MethodInfo MakePcdJemMethodInfo() {
  MethodInfo info = MakePcdMethodInfo();
  info.name = "pcd_jem";
  info.needs_classifier = true;
  info.summary =
      "JEM (Grathwohl et al. 2020) trained by PCD: pcd's sampler and loss on "
      "f = logsumexp of the logits, plus alpha * CE, beta * entropy and a "
      "gradient penalty";
  for (const ParamSpec& spec : ClassifierParamSpecs(1.0, 0.0)) info.params.push_back(spec);
  info.create = [](const MethodContext& context) {
    return std::make_unique<Pcd>(true, true, context);
  };
  return info;
}

MethodInfo MakeShortRunMethodInfo() {
  MethodInfo info;
  info.name = "short_run";
  info.summary =
      "short-run MCMC (Nijkamp et al. 2019): every chain starts from noise "
      "and runs sgld_steps of SGLD; no buffer";
  info.params = SgldParamSpecs();
  info.create = [](const MethodContext& context) {
    return std::make_unique<Pcd>(false, false, context);
  };
  return info;
}

}  // namespace ebm

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

}  // namespace

MethodInfo MakePcdMethodInfo() {
  MethodInfo info{PcdMethodDescription()};
  info.create = [](const MethodContext& context) {
    return std::make_unique<Pcd>(true, false, context);
  };
  return info;
}

MethodInfo MakePcdJemMethodInfo() {
  MethodInfo info{PcdJemMethodDescription()};
  info.create = [](const MethodContext& context) {
    return std::make_unique<Pcd>(true, true, context);
  };
  return info;
}

MethodInfo MakeShortRunMethodInfo() {
  MethodInfo info{ShortRunMethodDescription()};
  info.create = [](const MethodContext& context) {
    return std::make_unique<Pcd>(false, false, context);
  };
  return info;
}

}  // namespace ebm

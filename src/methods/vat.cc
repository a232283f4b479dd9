#include "src/methods/vat.h"

#include "src/core/random_tensors.h"
#include "src/methods/energy_training.h"
#include "src/methods/classifier_terms.h"
#include "src/methods/loss_method.h"

namespace ebm {
namespace {

// Each example's perturbation scaled to unit L2 norm (1e-8 keeps a zero
// gradient finite, as the reference code).
torch::Tensor UnitPerExample(const torch::Tensor& d) {
  std::vector<int64_t> shape(d.dim(), 1);
  shape[0] = d.size(0);
  return d / (d.flatten(1).norm(2, 1).view(shape) + 1e-8);
}

torch::Tensor KlFromFixed(const torch::Tensor& log_p, const torch::Tensor& logits_hat) {
  return (log_p.exp() * (log_p - torch::log_softmax(logits_hat, 1))).sum(1).mean();
}

class Vat : public LossMethod {
 public:
  explicit Vat(const MethodContext& context)
      : LossMethod(context),
        weights_(ClassifierWeightsFrom(context.params)),
        vat_weight_(context.params.GetDouble("vat_weight")),
        settings_{context.params.GetDouble("xi"), context.params.GetDouble("eps"),
                  context.params.GetInt("power_iterations")} {}

 protected:
  torch::Tensor Loss(const Batch& batch, at::Generator& noise, Scalars& scalars) override {
    torch::Tensor loss = ClassifierTerms(model_, batch, weights_, scalars);
    torch::Tensor r_adv = VatPerturbation(model_, batch.x, settings_, noise);
    torch::Tensor lds = PredictionShiftKl(model_, batch.x, r_adv);
    scalars.push_back({"lds", lds.item<double>()});
    return loss + vat_weight_ * lds;
  }

 private:
  ClassifierWeights weights_;
  double vat_weight_;
  VatSettings settings_;
};

}  // namespace

torch::Tensor VatPerturbation(EnergyModel& model, const torch::Tensor& x,
                              const VatSettings& settings, at::Generator& noise) {
  torch::Tensor x_fixed = x.detach();
  torch::Tensor log_p;
  {
    torch::NoGradGuard no_grad;
    log_p = torch::log_softmax(model.Logits(x_fixed), 1);
  }
  torch::Tensor d = UnitPerExample(Uniform01(x.sizes(), noise, x.options()) - 0.5);
  for (int64_t i = 0; i < settings.power_iterations; ++i) {
    d = d.detach().requires_grad_(true);
    // Summed, not averaged, over the batch: each example's direction is the
    // same, but the reference code's 1/B shrinks small gradients to where
    // the 1e-8 in the normalization bends them.
    torch::Tensor distance =
        KlFromFixed(log_p, model.Logits(x_fixed + settings.xi * d)) * x.size(0);
    d = UnitPerExample(torch::autograd::grad({distance}, {d})[0]);
  }
  return settings.eps * d.detach();
}

torch::Tensor PredictionShiftKl(EnergyModel& model, const torch::Tensor& x,
                                const torch::Tensor& r) {
  torch::Tensor log_p;
  {
    torch::NoGradGuard no_grad;
    log_p = torch::log_softmax(model.Logits(x.detach()), 1);
  }
  return KlFromFixed(log_p, model.Logits(x.detach() + r));
}

MethodInfo MakeVatMethodInfo() {
  MethodInfo info{VatMethodDescription()};
  info.create = [](const MethodContext& context) { return std::make_unique<Vat>(context); };
  return info;
}

}  // namespace ebm

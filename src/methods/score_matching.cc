#include "src/methods/score_matching.h"

#include "src/core/random_tensors.h"
#include "src/methods/energy_training.h"
#include "src/methods/input_gradient.h"
#include "src/methods/loss_method.h"

namespace ebm {
namespace {

// x with a fresh graph root, and s(x) = grad_x f(x), differentiable again.
std::pair<torch::Tensor, torch::Tensor> ScoreAt(EnergyModel& model,
                                                const torch::Tensor& x) {
  torch::Tensor root = x.detach().requires_grad_(true);
  return {root, InputGradient(model.LogDensity(root), root, true)};
}

torch::Tensor SumPerExample(const torch::Tensor& t) { return t.flatten(1).sum(1); }

}  // namespace

torch::Tensor SlicedScoreMatchingLoss(EnergyModel& model, const torch::Tensor& x,
                                      const torch::Tensor& v,
                                      bool variance_reduced) {
  const int64_t projections = v.size(0);
  const int64_t batch = x.size(0);
  // Each projection sees its own copy of the batch, so one backward pass
  // per loss gives every v^T grad(v^T s).
  std::vector<int64_t> expanded = x.sizes().vec();
  expanded.insert(expanded.begin(), projections);
  std::vector<int64_t> flat = x.sizes().vec();
  flat[0] *= projections;
  auto [root, score] =
      ScoreAt(model, x.unsqueeze(0).expand(expanded).reshape(flat));
  torch::Tensor vf = v.reshape(flat);
  torch::Tensor projected = SumPerExample(vf * score);  // v^T s
  torch::Tensor hessian_term =
      SumPerExample(vf * InputGradient(projected, root, true));
  torch::Tensor norm_term = variance_reduced
                                ? 0.5 * SumPerExample(score.pow(2))
                                : 0.5 * projected.pow(2);
  return (hessian_term + norm_term).view({projections, batch}).mean(0);
}

torch::Tensor ExactScoreMatchingLoss(EnergyModel& model, const torch::Tensor& x) {
  auto [root, score] = ScoreAt(model, x);
  torch::Tensor flat_score = score.flatten(1);
  torch::Tensor trace = torch::zeros({x.size(0)}, x.options());
  for (int64_t d = 0; d < flat_score.size(1); ++d) {
    torch::Tensor row = InputGradient(flat_score.select(1, d), root, true);
    trace = trace + row.flatten(1).select(1, d);
  }
  return trace + 0.5 * flat_score.pow(2).sum(1);
}

torch::Tensor DenoisingScoreMatchingLoss(EnergyModel& model,
                                         const torch::Tensor& x,
                                         const torch::Tensor& e, double sigma_n) {
  auto [root, score] = ScoreAt(model, x + sigma_n * e);
  // (x~ - x) / sigma_n^2 = e / sigma_n.
  return 0.5 * SumPerExample((score + e / sigma_n).pow(2));
}

namespace {

class SlicedScoreMatching : public LossMethod {
 public:
  explicit SlicedScoreMatching(const MethodContext& context)
      : LossMethod(context),
        projections_(context.params.GetInt("projections")),
        variance_reduced_(context.params.GetBool("variance_reduced")) {
    TORCH_CHECK(projections_ >= 1, "projections must be >= 1");
  }

 protected:
  torch::Tensor Loss(const Batch& batch, at::Generator& noise,
                     Scalars&) override {
    std::vector<int64_t> shape = batch.x.sizes().vec();
    shape.insert(shape.begin(), projections_);
    torch::Tensor v = StandardNormal(shape, noise, batch.x.options());
    return SlicedScoreMatchingLoss(model_, batch.x, v, variance_reduced_).mean();
  }

 private:
  int64_t projections_;
  bool variance_reduced_;
};

class DenoisingScoreMatching : public LossMethod {
 public:
  explicit DenoisingScoreMatching(const MethodContext& context)
      : LossMethod(context), sigma_n_(context.params.GetDouble("noise_scale")) {
    TORCH_CHECK(sigma_n_ > 0, "noise_scale must be positive");
  }

 protected:
  torch::Tensor Loss(const Batch& batch, at::Generator& noise,
                     Scalars&) override {
    torch::Tensor e = StandardNormal(batch.x.sizes(), noise, batch.x.options());
    return DenoisingScoreMatchingLoss(model_, batch.x, e, sigma_n_).mean();
  }

 private:
  double sigma_n_;
};

}  // namespace

MethodInfo MakeSlicedScoreMatchingMethodInfo() {
  MethodInfo info{SlicedScoreMatchingMethodDescription()};
  info.create = [](const MethodContext& context) {
    return std::make_unique<SlicedScoreMatching>(context);
  };
  return info;
}

MethodInfo MakeDenoisingScoreMatchingMethodInfo() {
  MethodInfo info{DenoisingScoreMatchingMethodDescription()};
  info.create = [](const MethodContext& context) {
    return std::make_unique<DenoisingScoreMatching>(context);
  };
  return info;
}

}  // namespace ebm

// The stabilizers every method shares (src/methods/energy_training.h):
//  - every registered method declares the gradient penalty and the
//    learning-rate schedule (one set for all, so no method lacks one);
//  - the gradient penalty of exact ML on a quadratic energy equals the hand
//    computation, in value and in the parameters' gradient;
//  - warm-up and step decay set the learning rate Adam actually uses.
#include <gtest/gtest.h>

#include <cmath>

#include "src/core/params.h"
#include "src/core/random_streams.h"
#include "src/methods/registry.h"
#include "src/models/gaussian_energy.h"

namespace ebm {
namespace {

const MethodInfo& Info(const std::string& name) {
  static MethodRegistry* registry = [] {
    auto* r = new MethodRegistry;
    RegisterAllMethods(*r);
    return r;
  }();
  return *registry->Find(name);
}

double Scalar(const Scalars& scalars, const std::string& name) {
  for (const auto& [key, value] : scalars)
    if (key == name) return value;
  ADD_FAILURE() << "no scalar " << name;
  return NAN;
}

std::unique_ptr<Method> Make(const std::string& name, EnergyModel& model,
                             const Params& overrides, at::Generator& g) {
  const MethodInfo& info = Info(name);
  // Methods read their parameters while they are built.
  Params full = Params::Defaults(info.params);
  for (const auto& [key, value] : overrides.values()) full.Set(key, value);
  MethodContext context{model, full, torch::kCPU, g};
  return info.create(context);
}

TEST(StabilizersTest, EveryMethodDeclaresThePenaltyAndTheSchedule) {
  MethodRegistry registry;
  RegisterAllMethods(registry);
  ASSERT_GE(registry.all().size(), 10u);
  for (const auto& [name, info] : registry.all()) {
    for (const char* key : {"gradient_penalty", "warmup_iters", "decay_at", "decay_rate"})
      EXPECT_NE(FindParamSpec(info.params, key), nullptr) << name << " lacks " << key;
  }
}

// f(x) = -1/2 (x - mu)^T P (x - mu) + c, so grad_x f = -P (x - mu) and
//   loss = -mean log p(x) + gamma mean |P (x - mu)|^2 / 2,
//   d loss / d mu = -(P + gamma P^2) mean(x - mu).
TEST(StabilizersTest, GradientPenaltyOnExactMlEqualsTheHandComputation) {
  GaussianEnergyModel model(2, 3.0);
  const torch::Tensor mu = torch::tensor({0.3, -0.2});
  const torch::Tensor precision = torch::tensor({{2.0, 0.6}, {0.6, 1.5}});
  model.net()->Set(mu, precision, 0.4);
  at::Generator g = MakeGenerator(2, torch::kCPU);
  torch::Tensor x = torch::randn({64, 2}, g) * 1.3 + 0.5;
  const double gamma = 0.7;
  Params params;
  params.Set("gradient_penalty", gamma);
  std::unique_ptr<Method> method = Make("exact_ml", model, params, g);

  torch::Tensor centred = x - mu;
  torch::Tensor score = -centred.mm(precision);  // rows: -P (x - mu), P symmetric
  const double penalty = 0.5 * score.pow(2).sum(1).mean().item<double>();
  const double log_z = model.net()->LogNormalizer().item<double>();
  const double log_p =
      (-0.5 * (centred.mm(precision) * centred).sum(1) + 0.4 - log_z).mean().item<double>();
  torch::Tensor expected_grad =
      -(precision + gamma * precision.mm(precision)).mv(centred.mean(0));

  Scalars scalars = method->Step(x, g);
  EXPECT_NEAR(Scalar(scalars, "gradient_penalty"), penalty, 1e-5);
  EXPECT_NEAR(Scalar(scalars, "loss"), -log_p + gamma * penalty, 1e-4);
  // Adam leaves the step's gradients in place.
  torch::Tensor grad = model.net()->mu.grad();
  ASSERT_TRUE(grad.defined());
  EXPECT_TRUE(torch::allclose(grad, expected_grad, 1e-4, 1e-5))
      << grad << "\nvs\n" << expected_grad;
}

// With beta1 = beta2 = 0 Adam's step is lr * g / (|g| + eps): every
// coordinate of mu moves by the learning rate itself, so the moves trace
// the schedule: warm-up over 4 iterations, x0.5 from iteration 6.
TEST(StabilizersTest, WarmupAndDecayOnALossMethodFollowTheSchedule) {
  GaussianEnergyModel model(2, 3.0);
  model.net()->Set(torch::tensor({3.0, -3.0}), torch::eye(2), 0.0);
  at::Generator g = MakeGenerator(3, torch::kCPU);
  Params params;
  params.Set("lr", 0.01);
  params.Set("beta1", 0.0);
  params.Set("beta2", 0.0);
  params.Set("warmup_iters", int64_t{4});
  params.Set("decay_at", std::string("6"));
  params.Set("decay_rate", 0.5);
  std::unique_ptr<Method> method = Make("exact_ml", model, params, g);
  const std::vector<double> expected = {0.0025, 0.005, 0.0075, 0.01, 0.01,
                                        0.01,   0.005, 0.005};
  for (size_t i = 0; i < expected.size(); ++i) {
    torch::Tensor before = model.net()->mu.detach().clone();
    // Data far from mu: the gradient never vanishes.
    Scalars scalars = method->Step(torch::zeros({8, 2}), g);
    torch::Tensor moved = (model.net()->mu.detach() - before).abs();
    EXPECT_NEAR(Scalar(scalars, "lr"), expected[i], 1e-12) << "iteration " << i;
    EXPECT_TRUE(torch::allclose(moved, torch::full({2}, expected[i]), 0, 1e-6))
        << "iteration " << i << ": " << moved;
  }
}

}  // namespace
}  // namespace ebm

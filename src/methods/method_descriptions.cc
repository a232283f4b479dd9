#include "src/methods/method_descriptions.h"

#include <utility>

namespace ebm {
namespace {

// Parameter groups the methods share. The code that reads each group:
// src/methods/adam_settings, lr_schedule, energy_training (every method's
// energy), classifier_terms (the JEM-style methods), sgld/pcd, vera.
std::vector<ParamSpec> AdamParamSpecs(double lr, double beta1, double beta2) {
  return {
      {"lr", ParamType::kDouble, lr, "Adam learning rate of the energy", {}, Above(0)},
      {"beta1", ParamType::kDouble, beta1, "Adam beta1", {}, AtLeast(0).Below(1)},
      {"beta2", ParamType::kDouble, beta2, "Adam beta2", {}, AtLeast(0).Below(1)},
      {"weight_decay", ParamType::kDouble, 0.0, "Adam L2 weight decay", {}, AtLeast(0)},
  };
}

std::vector<ParamSpec> LrScheduleParamSpecs() {
  return {
      {"warmup_iters", ParamType::kInt, int64_t{0},
       "linear learning-rate warm-up over this many iterations (0 = none)", {}, AtLeast(0)},
      {"decay_at", ParamType::kString, std::string(""),
       "comma-separated iterations at which learning rates are multiplied "
       "by decay_rate (empty = never)"},
      {"decay_rate", ParamType::kDouble, 0.3, "learning-rate decay factor", {}, Above(0)},
  };
}

std::vector<ParamSpec> TrainingParamSpecs(double lr, double beta1, double beta2) {
  std::vector<ParamSpec> specs = AdamParamSpecs(lr, beta1, beta2);
  specs.push_back({"gradient_penalty", ParamType::kDouble, 0.0,
                   "gamma: weight of mean |grad_x f(data)|^2 / 2 in the energy loss "
                   "(a stabilizer every method may use)", {}, AtLeast(0)});
  for (const ParamSpec& spec : LrScheduleParamSpecs()) specs.push_back(spec);
  return specs;
}

std::vector<ParamSpec> ClassifierParamSpecs(double alpha, double beta) {
  return {
      {"alpha", ParamType::kDouble, alpha,
       "weight of the cross-entropy on the labelled batch", {}, AtLeast(0)},
      {"beta", ParamType::kDouble, beta,
       "weight of the mean entropy of p(y|x) on the unlabelled batch", {}, AtLeast(0)},
  };
}

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

std::vector<ParamSpec> GeneratorParamSpecs() {
  std::vector<ParamSpec> specs = TrainingParamSpecs(1e-3, 0.0, 0.9);
  for (ParamSpec spec : std::vector<ParamSpec>{
           {"glr", ParamType::kDouble, 1e-3,
            "Adam learning rate of the generator (on the energy's schedule)", {}, Above(0)},
           {"nz", ParamType::kInt, int64_t{2}, "latent dimension of the generator", {}, AtLeast(1)},
           {"generator", ParamType::kString, std::string("mlp"),
            "generator network: mlp (vectors), dcgan (28x28/32x32 images), resnet "
            "(32x32, the paper's CIFAR generator)",
            {"mlp", "dcgan", "resnet"}},
           {"generator_features", ParamType::kInt, int64_t{64},
            "dcgan/resnet: feature maps (paper's resnet: 256)", {}, AtLeast(1)},
           {"generator_hidden", ParamType::kInt, int64_t{100},
            "width of the generator's hidden layers", {}, AtLeast(1)},
           {"generator_layers", ParamType::kInt, int64_t{2},
            "hidden blocks (Linear, BatchNorm, activation) of the generator", {}, AtLeast(0)},
           {"generator_activation", ParamType::kString, std::string("softplus"),
            "activation of the generator's blocks", {"softplus", "relu"}},
           {"sample_batchnorm", ParamType::kString, std::string("batch"),
            "BatchNorm statistics of the generator when drawing samples for sample "
            "metrics and grids: batch (the statistics of the sample batch, as in "
            "training and in the official code; the default: the network the energy "
            "was trained against) or eval (running averages, which lag a fast-moving "
            "generator)",
            {"batch", "eval"}},
           {"sigma_init", ParamType::kDouble, 0.01, "initial generator noise sigma", {}, Above(0)},
           {"sigma_min", ParamType::kDouble, 0.01, "lower clamp of sigma", {}, Above(0)},
           {"sigma_max", ParamType::kDouble, 0.3, "upper clamp of sigma", {}, Above(0)},
       }) {
    specs.push_back(spec);
  }
  return specs;
}

const ParamSpec kEntropyWeight = {
    "entropy_weight", ParamType::kDouble, 1.0,
    "lambda: weight of the generator's entropy H(q) in its objective", {}, AtLeast(0)};

std::vector<ParamSpec> VariationalParamSpecs() {
  return {kEntropyWeight,
          {"posterior_samples", ParamType::kInt, int64_t{20},
           "K: importance samples of the posterior per generator sample", {}, AtLeast(1)},
          {"post_lr", ParamType::kDouble, 0.02,
           "Adam learning rate of the posterior's std eta", {}, Above(0)},
          {"eta_init", ParamType::kDouble, 0.1, "initial posterior std eta", {}, Above(0)}};
}

// A generator method (VERA and its variants): the generator's and the
// energy's parameters, then `extra`; with `jem`, the classifier's too.
MethodDescription GeneratorMethodDescription(std::string name, std::string summary,
                                             std::vector<ParamSpec> extra, bool jem = false) {
  MethodDescription description;
  description.name = std::move(name);
  description.summary = std::move(summary);
  description.params = GeneratorParamSpecs();
  description.params.insert(description.params.end(), extra.begin(), extra.end());
  description.needs_classifier = jem;
  if (jem) {
    for (const ParamSpec& spec : ClassifierParamSpecs(1.0, 0.0)) description.params.push_back(spec);
  }
  return description;
}

}  // namespace

MethodDescription ExactMlMethodDescription() {
  MethodDescription description;
  description.name = "exact_ml";
  description.summary = "exact maximum likelihood (tractable models only): the ceiling";
  description.params = TrainingParamSpecs(1e-3, 0.9, 0.999);
  description.needs_exact_likelihood = true;
  return description;
}

MethodDescription NceMethodDescription() {
  MethodDescription description;
  description.name = "nce";
  description.summary =
      "noise-contrastive estimation against a Gaussian fitted to the data";
  description.params = TrainingParamSpecs(1e-3, 0.0, 0.9);
  for (ParamSpec spec : std::vector<ParamSpec>{
           {"noise_ratio", ParamType::kDouble, 1.0,
            "nu: noise samples per data sample", {}, Above(0)},
           {"noise_std_scale", ParamType::kDouble, 1.0,
            "the fitted covariance is scaled by this squared (widens the noise)", {}, Above(0)},
           {"noise_ridge", ParamType::kDouble, 1e-4,
            "added to the fitted covariance's diagonal", {}, AtLeast(0)},
           {"noise_fit_examples", ParamType::kInt, int64_t{10000},
            "training examples the noise is fitted to", {}, AtLeast(2)},
       }) {
    description.params.push_back(spec);
  }
  return description;
}

MethodDescription PcdMethodDescription() {
  MethodDescription description;
  description.name = "pcd";
  description.summary =
      "PCD/SGLD with a replay buffer (JEM's sampler): a = step_size, "
      "s = noise; JEM uses a = 1, s = 0.01, proper Langevin a = s^2/2";
  description.params = SgldParamSpecs();
  description.params.push_back({"buffer_size", ParamType::kInt, int64_t{10000},
                                "replay buffer size", {}, AtLeast(1)});
  description.params.push_back({"reinit_fraction", ParamType::kDouble, 0.05,
                                "share of drawn chains restarted from noise", {}, Between(0, 1)});
  return description;
}

MethodDescription PcdJemMethodDescription() {
  MethodDescription description = PcdMethodDescription();
  description.name = "pcd_jem";
  description.needs_classifier = true;
  description.summary =
      "JEM (Grathwohl et al. 2020) trained by PCD: pcd's sampler and loss on "
      "f = logsumexp of the logits, plus alpha * CE, beta * entropy and a "
      "gradient penalty";
  for (const ParamSpec& spec : ClassifierParamSpecs(1.0, 0.0)) description.params.push_back(spec);
  return description;
}

MethodDescription ShortRunMethodDescription() {
  MethodDescription description;
  description.name = "short_run";
  description.summary =
      "short-run MCMC (Nijkamp et al. 2019): every chain starts from noise "
      "and runs sgld_steps of SGLD; no buffer";
  description.params = SgldParamSpecs();
  return description;
}

MethodDescription SlicedScoreMatchingMethodDescription() {
  MethodDescription description;
  description.name = "ssm";
  description.summary =
      "sliced score matching (Song et al. 2019), variance-reduced form by "
      "default";
  description.params = TrainingParamSpecs(1e-3, 0.0, 0.9);
  description.params.push_back({"projections", ParamType::kInt, int64_t{1},
                                "random projections v ~ N(0, I) per example", {}, AtLeast(1)});
  description.params.push_back({"variance_reduced", ParamType::kBool, true,
                                "1/2 |s|^2 (true) instead of 1/2 (v^T s)^2"});
  return description;
}

MethodDescription DenoisingScoreMatchingMethodDescription() {
  MethodDescription description;
  description.name = "dsm";
  description.summary =
      "denoising score matching: s(x + sigma_n e) fitted to -e / sigma_n; "
      "learns the density smoothed by N(0, sigma_n^2 I)";
  description.params = TrainingParamSpecs(1e-3, 0.0, 0.9);
  description.params.push_back({"noise_scale", ParamType::kDouble, 0.1,
                                "sigma_n: std of the Gaussian corruption", {}, Above(0)});
  return description;
}

MethodDescription SupervisedMethodDescription() {
  MethodDescription description;
  description.name = "supervised";
  description.summary =
      "the classifier on the labelled examples alone (cross-entropy): the "
      "semi-supervised baseline";
  description.needs_classifier = true;
  description.params = TrainingParamSpecs(1e-3, 0.9, 0.999);
  return description;
}

MethodDescription VatMethodDescription() {
  MethodDescription description;
  description.name = "vat";
  description.summary =
      "virtual adversarial training (Miyato et al.): cross-entropy on labels "
      "+ KL smoothness of p(y|x) against an adversarial perturbation";
  description.needs_classifier = true;
  description.params = TrainingParamSpecs(1e-3, 0.9, 0.999);
  for (const ParamSpec& spec : ClassifierParamSpecs(1.0, 0.0)) description.params.push_back(spec);
  for (const ParamSpec& spec : std::vector<ParamSpec>{
           {"vat_weight", ParamType::kDouble, 1.0, "weight of the LDS term", {}, AtLeast(0)},
           {"xi", ParamType::kDouble, 10.0, "finite-difference step of the power iteration", {}, Above(0)},
           {"eps", ParamType::kDouble, 3.0, "norm of the adversarial perturbation", {}, AtLeast(0)},
           {"power_iterations", ParamType::kInt, int64_t{1},
            "power iterations for the adversarial direction", {}, AtLeast(1)},
       })
    description.params.push_back(spec);
  return description;
}

MethodDescription VeraMethodDescription() {
  return GeneratorMethodDescription(
      "vera",
      "VERA: generator with entropy regularizer; entropy gradient by "
      "importance sampling from a learned variational posterior",
      VariationalParamSpecs());
}

MethodDescription JemVeraMethodDescription() {
  return GeneratorMethodDescription(
      "jem_vera",
      "JEM trained by VERA: vera on f = logsumexp of a classifier's "
      "logits, plus alpha * CE and beta * entropy in the energy loss",
      VariationalParamSpecs(), /*jem=*/true);
}

MethodDescription VeraHmcMethodDescription() {
  return GeneratorMethodDescription(
      "vera_hmc",
      "VERA with the entropy gradient from HMC posterior samples "
      "(PresGAN's estimator)",
      {kEntropyWeight,
       {"hmc_gradient", ParamType::kString, std::string("full"),
        "the leapfrog's gradient: full (grad U, exact HMC; the default: proposals "
        "that follow the posterior) or prior_only (z alone, the official code's "
        "no_grad leapfrog: the likelihood enters only the accept test)",
        {"full", "prior_only"}},
       {"hmc_burn_in", ParamType::kInt, int64_t{2},
        "HMC transitions discarded (step size adapts during them)", {}, AtLeast(0)},
       {"hmc_samples", ParamType::kInt, int64_t{2}, "HMC states kept", {}, AtLeast(1)},
       {"hmc_leapfrog_steps", ParamType::kInt, int64_t{5},
        "leapfrog steps per transition", {}, AtLeast(1)},
       {"hmc_target_accept", ParamType::kDouble, 0.67,
        "acceptance rate the step size adapts toward", {}, Above(0).Below(1)},
       {"hmc_adapt_rate", ParamType::kDouble, 0.02,
        "relative step-size change per unit of acceptance error", {}, AtLeast(0)}});
}

MethodDescription GeneratorNoEntropyMethodDescription() {
  return GeneratorMethodDescription(
      "generator_no_entropy",
      "VERA's generator without the entropy term (lambda = 0): the ablation", {});
}

const std::vector<MethodDescription>& AllMethodDescriptions() {
  static const std::vector<MethodDescription> all = {
      ExactMlMethodDescription(),
      PcdMethodDescription(),
      ShortRunMethodDescription(),
      SlicedScoreMatchingMethodDescription(),
      DenoisingScoreMatchingMethodDescription(),
      NceMethodDescription(),
      VeraMethodDescription(),
      VeraHmcMethodDescription(),
      GeneratorNoEntropyMethodDescription(),
      SupervisedMethodDescription(),
      VatMethodDescription(),
      PcdJemMethodDescription(),
      JemVeraMethodDescription(),
  };
  return all;
}

const MethodDescription* FindMethodDescription(const std::string& name) {
  for (const MethodDescription& description : AllMethodDescriptions())
    if (description.name == name) return &description;
  return nullptr;
}

}  // namespace ebm

#include "src/methods/vera.h"

#include <optional>
#include <stdexcept>

#include "src/methods/adam_settings.h"
#include "src/methods/classifier_terms.h"
#include "src/methods/energy_training.h"
#include "src/methods/entropy_estimator.h"
#include "src/methods/fused_adam.h"
#include "src/methods/input_gradient.h"
#include "src/methods/hmc_posterior.h"
#include "src/methods/lr_schedule.h"
#include "src/methods/variational_posterior.h"
#include "src/models/conv_generators.h"
#include "src/models/gaussian_generator.h"

namespace ebm {
namespace {

enum class EntropyKind { kVariational, kHmc, kNone };

int64_t Product(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

GaussianGenerator MakeGenerator(const MethodContext& context) {
  const Params& p = context.params;
  // The generator's initial weights come from the global generator: seed it
  // from the run, so that they do not depend on what ran before.
  torch::manual_seed(context.init_seed);
  const std::vector<int64_t> shape = context.model.SampleShape();
  const std::string& kind = p.GetString("generator");
  std::shared_ptr<GeneratorNet> net;
  if (kind == "mlp") {
    net = MakeMlpGeneratorNet(p.GetInt("nz"), Product(shape), p.GetInt("generator_hidden"),
                              p.GetInt("generator_layers"),
                              p.GetString("generator_activation"));
  } else {
    if (shape.size() != 3) {
      throw std::invalid_argument("generator '" + kind +
                                  "' makes images; this task's samples are not [C, H, W]");
    }
    if (kind == "resnet" && (shape[1] != 32 || shape[2] != 32)) {
      throw std::invalid_argument("generator 'resnet' makes 32x32 images; use dcgan for " +
                                  std::to_string(shape[1]) + "x" + std::to_string(shape[2]));
    }
    if (shape[1] != shape[2]) throw std::invalid_argument("image generators make square images");
    net = kind == "resnet"
              ? MakeResNetGeneratorNet(p.GetInt("nz"), shape[0], p.GetInt("generator_features"))
              : MakeDcganGeneratorNet(p.GetInt("nz"), shape[0], shape[1],
                                      p.GetInt("generator_features"));
  }
  GaussianGenerator generator(net, p.GetInt("nz"), shape, p.GetDouble("sigma_init"));
  generator->to(context.device);
  return generator;
}

std::unique_ptr<EntropyGradientEstimator> MakeEstimator(
    EntropyKind kind, const MethodContext& context) {
  const Params& p = context.params;
  if (kind == EntropyKind::kVariational) {
    VariationalPosteriorSettings settings;
    settings.num_samples = p.GetInt("posterior_samples");
    settings.eta_init = p.GetDouble("eta_init");
    settings.lr = p.GetDouble("post_lr");
    TORCH_CHECK(settings.num_samples >= 1, "posterior_samples must be >= 1");
    return std::make_unique<VariationalPosterior>(p.GetInt("nz"), settings,
                                                  context.device);
  }
  if (kind == EntropyKind::kHmc) {
    HmcSettings settings;
    settings.gradient = p.GetString("hmc_gradient") == "prior_only" ? HmcGradient::kPriorOnly
                                                                    : HmcGradient::kFull;
    settings.burn_in = p.GetInt("hmc_burn_in");
    settings.num_samples = p.GetInt("hmc_samples");
    settings.leapfrog_steps = p.GetInt("hmc_leapfrog_steps");
    settings.target_accept = p.GetDouble("hmc_target_accept");
    settings.adapt_rate = p.GetDouble("hmc_adapt_rate");
    TORCH_CHECK(settings.num_samples >= 1 && settings.leapfrog_steps >= 1,
                "hmc_samples and hmc_leapfrog_steps must be >= 1");
    return std::make_unique<HmcPosterior>(p.GetInt("nz"), settings);
  }
  return nullptr;
}

class Vera : public Method {
 public:
  Vera(EntropyKind kind, bool jem, const MethodContext& context)
      : model_(context.model),
        energy_parameters_(context.model.module().parameters()),
        generator_(MakeGenerator(context)),
        generator_parameters_(generator_->parameters()),
        energy_(energy_parameters_, context.params),
        glr_(context.params.GetDouble("glr")),
        lambda_(kind == EntropyKind::kNone
                    ? 0.0
                    : context.params.GetDouble("entropy_weight")),
        sigma_min_(context.params.GetDouble("sigma_min")),
        sigma_max_(context.params.GetDouble("sigma_max")),
        sample_with_batch_statistics_(context.params.GetString("sample_batchnorm") == "batch"),
        estimator_(MakeEstimator(kind, context)) {
    TORCH_CHECK(sigma_min_ > 0 && sigma_min_ <= sigma_max_,
                "need 0 < sigma_min <= sigma_max");
    generator_optimizer_ = std::make_unique<FusedAdam>(
        generator_parameters_,
        torch::optim::AdamOptions(glr_)
            .betas({context.params.GetDouble("beta1"),
                    context.params.GetDouble("beta2")})
            .weight_decay(context.params.GetDouble("weight_decay")));
    generator_->ClampSigma(sigma_min_, sigma_max_);
    if (jem) classifier_ = ClassifierWeightsFrom(context.params);
  }

  Scalars Step(const Batch& batch, at::Generator& noise) override {
    // The generator's learning rate follows the energy's schedule.
    energy_.schedule().Apply(*generator_optimizer_, glr_, energy_.iteration());
    model_.module().train();
    generator_->train();
    GeneratorSample sample = generator_->Sample(batch.x.size(0), noise);

    // 1. Energy step against the generator's samples.
    Scalars energy_scalars;
    torch::Tensor x_data = energy_.DataInput(batch.x);
    torch::Tensor logits;
    torch::Tensor f_data = classifier_ ? LogDensityKeepingLogits(model_, x_data, &logits)
                                       : model_.LogDensity(x_data);
    torch::Tensor f_generated = model_.LogDensity(sample.x.detach());
    torch::Tensor energy_loss = -(f_data.mean() - f_generated.mean());
    if (energy_.penalizes())
      energy_loss = energy_loss + energy_.Penalty(f_data, x_data, energy_scalars);
    Scalars classifier_scalars;
    if (classifier_) {
      energy_loss =
          energy_loss +
          ClassifierTerms(model_, batch, *classifier_, classifier_scalars, logits);
    }
    const double energy_loss_value = energy_loss.item<double>();
    energy_.Step(energy_loss, energy_scalars, "energy_grad_norm");

    // 2. Generator step on the updated energy, plus the entropy term.
    torch::Tensor f_sample = model_.LogDensity(sample.x).mean();
    torch::Tensor generator_objective = f_sample;
    Scalars estimator_scalars;
    if (estimator_ != nullptr) {
      ScoreEstimate score =
          estimator_->EstimateScore(generator_, sample.x.detach(), sample.z, noise);
      estimator_scalars = score.diagnostics;
      Scalars updated = estimator_->Update(generator_, sample.x.detach(), sample.z, noise);
      estimator_scalars.insert(estimator_scalars.end(), updated.begin(), updated.end());
      if (lambda_ != 0)
        generator_objective =
            generator_objective + lambda_ * EntropySurrogate(score.c, sample.x);
    }
    torch::Tensor generator_loss = -generator_objective;
    // Only the generator's gradients: the energy's are not touched.
    std::vector<torch::Tensor> grads =
        torch::autograd::grad({generator_loss}, generator_parameters_);
    // Assigned, not accumulated (no zero_grad: these may be views, which
    // zero_grad cannot detach in place).
    for (size_t i = 0; i < grads.size(); ++i)
      generator_parameters_[i].mutable_grad() = grads[i];
    generator_optimizer_->step();
    const double generator_grad_norm = generator_optimizer_->last_gradient_norm();
    generator_->ClampSigma(sigma_min_, sigma_max_);

    Scalars scalars = {{"loss", energy_loss_value},
                       {"f_data", f_data.mean().item<double>()},
                       {"f_generated", f_generated.mean().item<double>()}};
    scalars.insert(scalars.end(), energy_scalars.begin(), energy_scalars.end());
    scalars.insert(scalars.end(), {{"generator_loss", generator_loss.item<double>()},
                                   {"generator_grad_norm", generator_grad_norm},
                                   {"sigma", generator_->sigma().item<double>()}});
    scalars.insert(scalars.end(), estimator_scalars.begin(), estimator_scalars.end());
    scalars.insert(scalars.end(), classifier_scalars.begin(), classifier_scalars.end());
    return scalars;
  }

  torch::Tensor Sample(int64_t n, at::Generator& noise) override {
    torch::NoGradGuard no_grad;
    const bool was_training = generator_->is_training();
    // Batch statistics (as in training, and as the official code samples)
    // or running ones; either way the running statistics are left as they
    // were, so drawing samples never changes the training.
    std::vector<torch::Tensor> running;
    for (const torch::Tensor& b : generator_->buffers()) running.push_back(b.clone());
    generator_->train(sample_with_batch_statistics_);
    torch::Tensor x = generator_->Sample(n, noise).x;
    generator_->train(was_training);
    std::vector<torch::Tensor> buffers = generator_->buffers();
    for (size_t i = 0; i < buffers.size(); ++i) buffers[i].copy_(running[i]);
    return x;
  }

  void Save(torch::serialize::OutputArchive& archive) override {
    torch::serialize::OutputArchive generator;
    generator_->save(generator);
    archive.write("generator", generator);
    energy_.Save("energy_optimizer", archive);
    SaveOptimizer(*generator_optimizer_, "generator_optimizer", archive);
    if (estimator_ != nullptr) estimator_->Save(archive);
  }

  void Load(torch::serialize::InputArchive& archive) override {
    torch::serialize::InputArchive generator;
    archive.read("generator", generator);
    generator_->load(generator);
    energy_.Load("energy_optimizer", archive);
    LoadOptimizer(*generator_optimizer_, "generator_optimizer", archive);
    if (estimator_ != nullptr) estimator_->Load(archive);
  }

 private:
  EnergyModel& model_;
  std::vector<torch::Tensor> energy_parameters_;
  GaussianGenerator generator_;
  std::vector<torch::Tensor> generator_parameters_;
  EnergyTraining energy_;  // Adam, gradient penalty, schedule
  std::unique_ptr<FusedAdam> generator_optimizer_;
  double glr_, lambda_, sigma_min_, sigma_max_;
  bool sample_with_batch_statistics_;
  std::unique_ptr<EntropyGradientEstimator> estimator_;
  std::optional<ClassifierWeights> classifier_;
};

// The method `description` built as Vera with this entropy estimator.
MethodInfo MakeInfo(MethodDescription description, EntropyKind kind) {
  MethodInfo info{std::move(description)};
  info.create = [kind, jem = info.needs_classifier](const MethodContext& context) {
    return std::make_unique<Vera>(kind, jem, context);
  };
  return info;
}

}  // namespace

MethodInfo MakeVeraMethodInfo() {
  return MakeInfo(VeraMethodDescription(), EntropyKind::kVariational);
}

MethodInfo MakeJemVeraMethodInfo() {
  return MakeInfo(JemVeraMethodDescription(), EntropyKind::kVariational);
}

MethodInfo MakeVeraHmcMethodInfo() {
  return MakeInfo(VeraHmcMethodDescription(), EntropyKind::kHmc);
}

MethodInfo MakeGeneratorNoEntropyMethodInfo() {
  return MakeInfo(GeneratorNoEntropyMethodDescription(), EntropyKind::kNone);
}

}  // namespace ebm

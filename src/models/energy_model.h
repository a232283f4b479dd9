// What a training method sees of the model a task trains.
//
// Convention (as in the paper): f(x) is the unnormalized log-density,
// p(x) = exp(f(x)) / Z. Tasks whose model is tractable also give the exact,
// differentiable log-likelihood, which exact maximum likelihood trains on.
#ifndef EBMBENCH_MODELS_ENERGY_MODEL_H_
#define EBMBENCH_MODELS_ENERGY_MODEL_H_

#include <torch/torch.h>

#include <vector>

namespace ebm {

class EnergyModel {
 public:
  virtual ~EnergyModel() = default;

  // f(x) for a batch x of shape [B, ...]; returns shape [B].
  virtual torch::Tensor LogDensity(const torch::Tensor& x) = 0;

  // Shape of one sample x (without the batch dimension): what generators
  // produce and chains move in.
  virtual std::vector<int64_t> SampleShape() const = 0;

  // grad_x f(x) for a batch, detached: the direction MCMC chains follow.
  // By autograd through LogDensity; models with a closed-form gradient
  // override it (a small MLP's autograd pass is mostly dispatch, not
  // arithmetic). Leaves the parameters' .grad untouched.
  virtual torch::Tensor LogDensityGradient(const torch::Tensor& x) {
    torch::Tensor input = x.detach().requires_grad_(true);
    return torch::autograd::grad({LogDensity(input).sum()}, {input})[0];
  }

  // Whether ExactLogLikelihood is available.
  virtual bool HasExactLikelihood() const { return false; }
  // log p(x), normalized and differentiable in the parameters; shape [B].
  virtual torch::Tensor ExactLogLikelihood(const torch::Tensor& x) {
    TORCH_CHECK(false, "this task's model has no exact likelihood");
  }

  // Classifiers as EBMs (JEM): logits h(x) of shape [B, K] with
  // f(x) = logsumexp_y h(x)[y] and p(y|x) = softmax(h(x)). NumClasses() is
  // 0 for a model that is not a classifier.
  virtual int64_t NumClasses() const { return 0; }
  virtual torch::Tensor Logits(const torch::Tensor& x) {
    TORCH_CHECK(false, "this task's model is not a classifier");
  }

  // Samples of the distribution MCMC chains start from (the data box's
  // uniform noise, for instance), on the model's device.
  virtual torch::Tensor InitialSamples(int64_t n, at::Generator& generator) = 0;

  // The trainable module: parameters, train/eval mode, checkpoints.
  virtual torch::nn::Module& module() = 0;
};

}  // namespace ebm

#endif  // EBMBENCH_MODELS_ENERGY_MODEL_H_

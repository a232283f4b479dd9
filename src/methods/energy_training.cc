#include "src/methods/energy_training.h"

#include <stdexcept>

#include "src/methods/adam_settings.h"
#include "src/methods/input_gradient.h"

namespace ebm {

EnergyTraining::EnergyTraining(std::vector<torch::Tensor> parameters,
                               const Params& params)
    : parameters_(std::move(parameters)),
      optimizer_(MakeAdam(parameters_, params)),
      schedule_(params),
      lr_(params.GetDouble("lr")),
      gamma_(params.GetDouble("gradient_penalty")) {
  if (!(gamma_ >= 0)) throw std::invalid_argument("gradient_penalty must be >= 0");
}

torch::Tensor EnergyTraining::DataInput(const torch::Tensor& x) const {
  return gamma_ > 0 ? x.detach().requires_grad_(true) : x.detach();
}

torch::Tensor EnergyTraining::Penalty(const torch::Tensor& f_each,
                                      const torch::Tensor& x,
                                      Scalars& scalars) const {
  torch::Tensor penalty = GradientPenalty(f_each, x);
  scalars.push_back({"gradient_penalty", penalty.item<double>()});
  return gamma_ * penalty;
}

void EnergyTraining::Step(const torch::Tensor& loss, Scalars& scalars,
                          const std::string& grad_norm_name) {
  schedule_.Apply(*optimizer_, lr_, iteration_);
  // Cleared rather than zero-filled: backward then hands its own buffers
  // to the parameters instead of adding them into zeros (FusedAdam treats
  // a missing gradient as the zero torch's Adam would see).
  ClearGradients(parameters_);
  // The parameters' gradients only. A plain backward() would also fill
  // .grad of every other leaf that requires it: the data x under a gradient
  // penalty, score matching's root. Those gradients (through f's forward
  // pass and the penalty's double-backward graph) are never read and cost
  // 6-8 % of VERA's step on the paper's NICE; the parameters' gradients
  // keep their bits.
  loss.backward(/*gradient=*/{}, /*retain_graph=*/c10::nullopt, /*create_graph=*/false,
                /*inputs=*/parameters_);
  optimizer_->step();  // also sums the gradient's squares
  scalars.push_back({grad_norm_name, optimizer_->last_gradient_norm()});
  scalars.push_back({"lr", lr_ * schedule_.Factor(iteration_)});
  ++iteration_;
}

void EnergyTraining::Save(const std::string& key,
                          torch::serialize::OutputArchive& archive) {
  SaveOptimizer(*optimizer_, key, archive);
  archive.write(key + "_iteration", torch::tensor(iteration_, torch::kLong));
}

void EnergyTraining::Load(const std::string& key,
                          torch::serialize::InputArchive& archive) {
  LoadOptimizer(*optimizer_, key, archive);
  torch::Tensor iteration;
  archive.read(key + "_iteration", iteration);
  iteration_ = iteration.item<int64_t>();
}

}  // namespace ebm

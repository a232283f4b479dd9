#include "src/methods/exact_ml.h"

#include "src/methods/energy_training.h"
#include "src/methods/loss_method.h"

namespace ebm {
namespace {

class ExactMl : public LossMethod {
 public:
  using LossMethod::LossMethod;

 protected:
  torch::Tensor Loss(const Batch& batch, at::Generator&,
                     Scalars& scalars) override {
    torch::Tensor log_likelihood = model_.ExactLogLikelihood(batch.x).mean();
    scalars.push_back({"log_likelihood", log_likelihood.item<double>()});
    return -log_likelihood;
  }
};

}  // namespace

MethodInfo MakeExactMlMethodInfo() {
  MethodInfo info{ExactMlMethodDescription()};
  info.create = [](const MethodContext& context) {
    return std::make_unique<ExactMl>(context);
  };
  return info;
}

}  // namespace ebm

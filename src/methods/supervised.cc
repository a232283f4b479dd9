#include "src/methods/supervised.h"

#include "src/methods/energy_training.h"
#include "src/methods/classifier_terms.h"
#include "src/methods/loss_method.h"

namespace ebm {
namespace {

class Supervised : public LossMethod {
 public:
  explicit Supervised(const MethodContext& context) : LossMethod(context) {}

 protected:
  torch::Tensor Loss(const Batch& batch, at::Generator&, Scalars& scalars) override {
    return ClassifierTerms(model_, batch, ClassifierWeights{1.0, 0.0}, scalars);
  }
};

}  // namespace

MethodInfo MakeSupervisedMethodInfo() {
  MethodInfo info{SupervisedMethodDescription()};
  info.create = [](const MethodContext& context) {
    return std::make_unique<Supervised>(context);
  };
  return info;
}

}  // namespace ebm

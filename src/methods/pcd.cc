#include "src/methods/pcd.h"

#include "src/methods/adam_settings.h"
#include "src/methods/replay_buffer.h"
#include "src/methods/sgld.h"

namespace ebm {
namespace {

class Pcd : public Method {
 public:
  explicit Pcd(const MethodContext& context)
      : model_(context.model),
        parameters_(context.model.module().parameters()),
        optimizer_(MakeAdam(parameters_, context.params)),
        sgld_{context.params.GetInt("sgld_steps"),
              context.params.GetDouble("step_size"),
              context.params.GetDouble("noise")},
        l2_energy_(context.params.GetDouble("l2_energy")),
        buffer_(context.model, context.params.GetInt("buffer_size"),
                context.params.GetDouble("reinit_fraction"),
                context.setup_noise) {}

  Scalars Step(const torch::Tensor& batch, at::Generator& noise) override {
    torch::Tensor start = buffer_.Draw(batch.size(0), noise);
    torch::Tensor samples = RunSgld(model_, start, sgld_, noise);
    buffer_.WriteBack(samples);

    model_.module().train();
    optimizer_->zero_grad();
    torch::Tensor f_data = model_.LogDensity(batch).mean();
    torch::Tensor f_samples = model_.LogDensity(samples).mean();
    torch::Tensor loss = -(f_data - f_samples);
    if (l2_energy_ > 0) loss = loss + l2_energy_ * (f_data.pow(2) + f_samples.pow(2));
    loss.backward();
    double grad_norm = GradientNorm(parameters_);
    optimizer_->step();
    return {{"loss", loss.item<double>()},
            {"f_data", f_data.item<double>()},
            {"f_samples", f_samples.item<double>()},
            {"grad_norm", grad_norm}};
  }

  torch::Tensor Sample(int64_t n, at::Generator& noise) override {
    torch::Tensor start = buffer_.Draw(n, noise);
    return RunSgld(model_, start, sgld_, noise);
  }

  void Save(torch::serialize::OutputArchive& archive) override {
    SaveOptimizer(*optimizer_, "optimizer", archive);
    buffer_.Save(archive);
  }

  void Load(torch::serialize::InputArchive& archive) override {
    LoadOptimizer(*optimizer_, "optimizer", archive);
    buffer_.Load(archive);
  }

 private:
  EnergyModel& model_;
  std::vector<torch::Tensor> parameters_;
  std::unique_ptr<torch::optim::Adam> optimizer_;
  SgldSettings sgld_;
  double l2_energy_;
  ReplayBuffer buffer_;
};

}  // namespace

MethodInfo MakePcdMethodInfo() {
  MethodInfo info;
  info.name = "pcd";
  info.summary =
      "PCD/SGLD with a replay buffer (JEM's sampler): a = step_size, "
      "s = noise; JEM uses a = 1, s = 0.01, proper Langevin a = s^2/2";
  info.params = AdamParamSpecs(1e-3, 0.0, 0.9);
  for (ParamSpec spec : std::vector<ParamSpec>{
           {"buffer_size", ParamType::kInt, int64_t{10000},
            "replay buffer size"},
           {"reinit_fraction", ParamType::kDouble, 0.05,
            "share of drawn chains restarted from noise"},
           {"sgld_steps", ParamType::kInt, int64_t{20}, "SGLD steps per iteration"},
           {"step_size", ParamType::kDouble, 1.0,
            "SGLD gradient step a in x + a grad f + s eps"},
           {"noise", ParamType::kDouble, 0.01, "SGLD noise s"},
           {"l2_energy", ParamType::kDouble, 0.0,
            "weight of the f^2 regularizer (Du & Mordatch); 0 = off"},
       }) {
    info.params.push_back(spec);
  }
  info.create = [](const MethodContext& context) {
    return std::make_unique<Pcd>(context);
  };
  return info;
}

}  // namespace ebm

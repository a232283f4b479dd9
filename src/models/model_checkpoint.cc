#include "src/models/model_checkpoint.h"

namespace ebm {

void SaveModelSection(torch::serialize::OutputArchive& archive, int64_t step,
                      EnergyModel& model) {
  archive.write("step", torch::tensor(step, torch::kLong));
  torch::serialize::OutputArchive model_archive;
  model.module().save(model_archive);
  archive.write("model", model_archive);
}

int64_t LoadModelSection(torch::serialize::InputArchive& archive, EnergyModel& model) {
  torch::Tensor step;
  archive.read("step", step);
  torch::serialize::InputArchive model_archive;
  archive.read("model", model_archive);
  model.module().load(model_archive);
  return step.item<int64_t>();
}

int64_t LoadModelFromCheckpoint(const std::string& path, EnergyModel& model) {
  torch::serialize::InputArchive archive;
  archive.load_from(path);
  return LoadModelSection(archive, model);
}

}  // namespace ebm

#include "src/suite/checkpoint.h"

#include <cstdio>
#include <stdexcept>

namespace ebm {

std::string PendingCheckpointPath(const std::string& path) {
  return path + ".pending";
}

void WriteCheckpoint(const std::string& path, int64_t step, EnergyModel& model,
                     Method& method) {
  torch::serialize::OutputArchive archive;
  archive.write("step", torch::tensor(step, torch::kLong));
  torch::serialize::OutputArchive model_archive, method_archive;
  model.module().save(model_archive);
  method.Save(method_archive);
  archive.write("model", model_archive);
  archive.write("method", method_archive);
  archive.save_to(PendingCheckpointPath(path));
}

void PublishCheckpoint(const std::string& path) {
  const std::string pending = PendingCheckpointPath(path);
  if (std::rename(pending.c_str(), path.c_str()) != 0)
    throw std::runtime_error("cannot move checkpoint " + pending + " into place");
}

int64_t LoadCheckpoint(const std::string& path, EnergyModel& model,
                       Method& method) {
  torch::serialize::InputArchive archive;
  archive.load_from(path);
  torch::Tensor step;
  archive.read("step", step);
  torch::serialize::InputArchive model_archive, method_archive;
  archive.read("model", model_archive);
  archive.read("method", method_archive);
  model.module().load(model_archive);
  method.Load(method_archive);
  return step.item<int64_t>();
}

int64_t LoadModelFromCheckpoint(const std::string& path, EnergyModel& model) {
  torch::serialize::InputArchive archive;
  archive.load_from(path);
  torch::Tensor step;
  archive.read("step", step);
  torch::serialize::InputArchive model_archive;
  archive.read("model", model_archive);
  model.module().load(model_archive);
  return step.item<int64_t>();
}

}  // namespace ebm

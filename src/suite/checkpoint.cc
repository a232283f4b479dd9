#include "src/suite/checkpoint.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "src/core/whole_file.h"
#include "src/models/model_checkpoint.h"

namespace ebm {

std::string PendingCheckpointPath(const std::string& path) {
  return path + ".pending";
}

void WriteCheckpoint(const std::string& path, int64_t step, const std::string& run_identity,
                     EnergyModel& model, Method& method) {
  torch::serialize::OutputArchive archive;
  SaveModelSection(archive, step, model);
  archive.write("run_identity", c10::IValue(run_identity));
  torch::serialize::OutputArchive method_archive;
  method.Save(method_archive);
  archive.write("method", method_archive);
  std::ostringstream bytes;
  archive.save_to(bytes);
  WriteBytesChecked(PendingCheckpointPath(path), bytes.str());
}

void PublishCheckpoint(const std::string& path) {
  const std::string pending = PendingCheckpointPath(path);
  if (std::rename(pending.c_str(), path.c_str()) != 0)
    throw std::runtime_error("cannot move checkpoint " + pending + " into place");
}

int64_t LoadCheckpoint(const std::string& path, const std::string& run_identity,
                       int64_t recorded_step, EnergyModel& model, Method& method) {
  torch::serialize::InputArchive archive;
  archive.load_from(path);
  c10::IValue identity;
  const std::string found = archive.try_read("run_identity", identity) && identity.isString()
                                ? identity.toStringRef()
                                : std::string("(none)");
  if (found != run_identity)
    throw ForeignCheckpoint("the checkpoint " + path + " belongs to another run (identity " +
                            found + ", this run's is " + run_identity + ")");
  torch::Tensor step;
  archive.read("step", step);
  if (step.item<int64_t>() > recorded_step)
    throw ForeignCheckpoint("the checkpoint " + path + " is at step " +
                            std::to_string(step.item<int64_t>()) +
                            ", past the step the database recorded (" +
                            std::to_string(recorded_step) +
                            "): it was not written for this database");
  const int64_t saved = LoadModelSection(archive, model);
  torch::serialize::InputArchive method_archive;
  archive.read("method", method_archive);
  method.Load(method_archive);
  return saved;
}

}  // namespace ebm

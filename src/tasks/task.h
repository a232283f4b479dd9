// The Task extension point: a benchmark problem. It owns the data, the model
// family and the evaluation protocol. The runner owns the clock, the data
// order and the randomness; the task only answers.
#ifndef EBMBENCH_TASKS_TASK_H_
#define EBMBENCH_TASKS_TASK_H_

#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "src/core/params.h"
#include "src/core/random_streams.h"
#include "src/models/energy_model.h"
#include "src/tasks/task_info.h"

namespace ebm {

struct TaskContext {
  const Params& params;
  torch::Device device;
  const RandomStreams& streams;
};

class Task {
 public:
  virtual ~Task() = default;

  virtual EnergyModel& model() = 0;

  // Number of training examples; batches are chosen by index.
  virtual int64_t TrainSize() const = 0;
  // The training examples at `indices` (int64, CPU), on the task's device.
  virtual torch::Tensor TrainBatch(const torch::Tensor& indices) = 0;

  // Every metric the task declares, for the model as it is now.
  virtual std::map<std::string, double> Evaluate() = 0;
};

struct TaskInfo {
  TaskDescription description;
  // Builds data (from the data stream) and the model (from the init stream).
  std::function<std::unique_ptr<Task>(const TaskContext&)> create;
};

}  // namespace ebm

#endif  // EBMBENCH_TASKS_TASK_H_

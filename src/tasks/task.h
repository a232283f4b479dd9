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
#include <vector>

#include "src/core/params.h"
#include "src/core/random_streams.h"
#include "src/models/energy_model.h"
#include "src/tasks/task_info.h"

namespace ebm {

struct TaskContext {
  const Params& params;
  torch::Device device;
  const RandomStreams& streams;
  // For tasks that evaluate a model another task's run trained (ood): the
  // path of the final checkpoint of the finished `source_task` run with
  // this run's method, label and seed, whose task parameters equal this
  // run's on `keys`. Waits while that run is being trained by another
  // process; throws std::runtime_error saying why there is none. Unset
  // outside the runner.
  std::function<std::string(const std::string& source_task,
                            const std::vector<std::string>& keys)>
      trained_checkpoint;
};

class Task {
 public:
  virtual ~Task() = default;

  virtual EnergyModel& model() = 0;

  // Number of training examples; batches are chosen by index.
  virtual int64_t TrainSize() const = 0;
  // The training examples at `indices` (int64, CPU), on the task's device.
  virtual torch::Tensor TrainBatch(const torch::Tensor& indices) = 0;

  // Tasks with labels (classification, semi-supervised): how many labelled
  // training examples there are (0: none) and those at `indices` as
  // {x, labels}. Every step then also gets a batch of them.
  virtual int64_t LabeledSize() const { return 0; }
  virtual std::pair<torch::Tensor, torch::Tensor> LabeledBatch(
      const torch::Tensor& indices) {
    TORCH_CHECK(false, "this task has no labelled examples");
  }
  // True when every training example is labelled and the labelled batch is
  // to be the data batch itself (the same images, the same augmentation), as
  // the official JEM/VERA code trains; false: a second batch, drawn by its
  // own order (ebmbench's default).
  virtual bool SharesLabeledBatch() const { return false; }

  // Training-time augmentation of a batch from TrainBatch or LabeledBatch
  // (random crops, flips, noise), drawing only from `generator` (a CPU
  // generator of the augmentation stream at this step). Default: none.
  virtual torch::Tensor Augment(const torch::Tensor& x, at::Generator& generator) {
    return x;
  }

  // The task's metrics for the model as it is now. kDuring evaluations
  // (every eval_every steps) may use a fixed subset to stay cheap; the
  // kFinal one, after the last step, gives the full-test-set metrics.
  enum class Scope { kDuring, kFinal };
  virtual std::map<std::string, double> Evaluate(Scope scope) = 0;

  // Tasks that judge the method's samples (sample quality): how many
  // samples the runner draws from the method after the final evaluation,
  // 0 for none, and their metrics, added to the final ones.
  virtual int64_t SampleMetricCount() const { return 0; }
  virtual std::map<std::string, double> SampleMetrics(const torch::Tensor& samples) {
    return {};
  }

  // Samples as pictures, [N, H, W] with intensities in [0, 1], for tasks
  // whose data are images (for sample grids); undefined otherwise.
  virtual torch::Tensor AsImages(const torch::Tensor& samples) { return {}; }

  // Exact samples of the model itself where it can draw them (a flow);
  // undefined otherwise.
  virtual torch::Tensor ModelSamples(int64_t n, at::Generator& generator) {
    return {};
  }
};

struct TaskInfo {
  TaskDescription description;  // its datasets too
  // Builds data (from the data stream) and the model (from the init stream).
  std::function<std::unique_ptr<Task>(const TaskContext&)> create;
};

}  // namespace ebm

#endif  // EBMBENCH_TASKS_TASK_H_

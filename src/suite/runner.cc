#include "src/suite/runner.h"

#include <signal.h>
#include <unistd.h>

#include <torch/cuda.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "src/core/environment.h"
#include "src/core/hash.h"
#include "src/core/random_streams.h"
#include "src/metrics/sgemm_reference.h"
#include "src/suite/best_evaluation.h"
#include "src/suite/checkpoint.h"
#include "src/suite/collapse_watch.h"
#include "src/suite/progress.h"

namespace ebm {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Seconds between records of a running run at the latest (its lease's
// heartbeat; see ResultStore::ClaimRun).
constexpr double kHeartbeatSeconds = 60;

std::string HostName() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return host;
}

// The batch order: one permutation of the training set per epoch, from the
// data stream at that epoch, so step t's batch depends on (seed, t) alone.
// Labelled examples have an order of their own (Stream::kLabeledOrder).
class BatchOrder {
 public:
  BatchOrder(const RandomStreams& streams, int64_t size, int64_t batch,
             Stream stream = Stream::kData)
      : streams_(streams), stream_(stream), size_(size), batch_(batch),
        per_epoch_(std::max<int64_t>(1, size / batch)) {}

  torch::Tensor Indices(int64_t step) {
    int64_t epoch = step / per_epoch_;
    if (epoch != epoch_) {
      // Index 0 of the data stream made the data set; epochs use 1, 2, ...
      at::Generator g = streams_.Generator(stream_, epoch + 1, torch::kCPU);
      permutation_ = torch::randperm(size_, g, torch::kLong);
      epoch_ = epoch;
    }
    int64_t offset = (step % per_epoch_) * batch_;
    return permutation_.slice(0, offset, offset + batch_);
  }

 private:
  const RandomStreams& streams_;
  Stream stream_;
  int64_t size_, batch_, per_epoch_;
  int64_t epoch_ = -1;
  torch::Tensor permutation_;
};

bool AllFinite(const Scalars& scalars, std::string* bad) {
  for (const auto& [name, value] : scalars) {
    if (!std::isfinite(value)) {
      *bad = name;
      return false;
    }
  }
  return true;
}

bool AllFinite(const std::map<std::string, double>& metrics, std::string* bad) {
  return AllFinite(Scalars(metrics.begin(), metrics.end()), bad);
}

// The primary metric where this evaluation has it, else the tracked one.
std::string FormatMetrics(const std::map<std::string, double>& metrics,
                          const TaskDescription& task, const Scalars& step) {
  std::ostringstream out;
  out.precision(4);
  for (const std::string& name : {task.primary_metric, task.TrackedMetric()}) {
    auto it = metrics.find(name);
    if (it == metrics.end()) continue;
    out << name << " " << it->second;
    break;
  }
  if (!step.empty()) out << " | " << step.front().first << " " << step.front().second;
  return out.str();
}

void Synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

}  // namespace

void Runner::SaveFinalSamples(int64_t count, Method& method, Task& task,
                              const RandomStreams& streams,
                              const torch::Device& device,
                              const std::string& run_dir, int64_t run_id,
                              int64_t step) {
  if (count <= 0) return;
  auto save = [&](const torch::Tensor& tensor, const std::string& kind) {
    const std::string path = run_dir + "/" + kind + ".pt";
    SaveTensorChecked(tensor.detach().cpu(), path);
    store_.RecordArtifact(run_id, kind, path, HashFileHex(path),
                          std::filesystem::file_size(path), step);
  };
  // The eval stream, so drawing samples never shifts the training noise.
  at::Generator noise = streams.Generator(Stream::kEval, step, device);
  torch::Tensor samples = method.Sample(count, noise);  // MCMC needs grad
  if (samples.defined()) {  // undefined: the method has no sampler
    save(samples, "samples");
    torch::Tensor images = task.AsImages(samples);
    if (images.defined()) save(images, "sample_images");
  }
  torch::NoGradGuard no_grad;
  torch::Tensor exact = task.ModelSamples(count, noise);
  if (exact.defined()) {
    torch::Tensor images = task.AsImages(exact);
    save(images.defined() ? images : exact,
         images.defined() ? "model_sample_images" : "model_samples");
  }
}

std::string Runner::TrainedCheckpoint(const RunSpec& spec, const std::string& source_task,
                                      const std::vector<std::string>& keys, size_t index,
                                      const std::string& name, Progress& progress) {
  const nlohmann::json wanted = nlohmann::json::parse(spec.ConfigJson())["task_params"];
  std::ostringstream described;
  described << source_task << " run of method " << spec.method << " (label " << spec.label
            << ", seed " << spec.seed << ")";
  for (const std::string& key : keys) described << " " << key << "=" << wanted[key].dump();
  bool announced = false;
  while (true) {
    std::optional<RunRecord> latest;
    for (const RunRecord& run : store_.ListRuns({{}, {}, source_task, spec.method})) {
      if (run.identity.label != spec.label || run.identity.seed != spec.seed) continue;
      const nlohmann::json params = nlohmann::json::parse(run.identity.config_json)["task_params"];
      bool same = true;
      for (const std::string& key : keys) same = same && params.value(key, nlohmann::json()) == wanted[key];
      if (same && (!latest || run.id > latest->id)) latest = run;
    }
    if (!latest) {
      throw std::runtime_error("no " + described.str() + " in " + store_.path() +
                               ": list it in the suite before this run (or run it first)");
    }
    if (latest->status == RunStatus::kFinished) {
      std::optional<ResultStore::ArtifactRecord> checkpoint;
      for (const ResultStore::ArtifactRecord& a : store_.Artifacts(latest->id))
        if (a.kind == "checkpoint") checkpoint = a;
      if (!checkpoint) {
        throw std::runtime_error("run " + std::to_string(latest->id) + " (" + described.str() +
                                 ") finished without a checkpoint");
      }
      return checkpoint->path;
    }
    if (latest->status != RunStatus::kRunning) {
      throw std::runtime_error("run " + std::to_string(latest->id) + " (" + described.str() +
                               ") ended " + RunStatusName(latest->status) +
                               ": there is no trained model to evaluate");
    }
    if (latest->owner_host == HostName() && kill(static_cast<pid_t>(latest->owner_pid), 0) != 0) {
      throw std::runtime_error("run " + std::to_string(latest->id) + " (" + described.str() +
                               ") was left running by a process that no longer exists: "
                               "run its suite again to finish it");
    }
    if (options_.stop_requested()) throw std::runtime_error("stopped while waiting");
    if (!announced) {
      progress.Note(index, name, "waiting for run " + std::to_string(latest->id) + " (" +
                                     described.str() + ") to finish in process " +
                                     std::to_string(latest->owner_pid));
      announced = true;
    }
    std::this_thread::sleep_for(std::chrono::seconds(5));
  }
}

const Registries& Registries::Default() {
  static const Registries* registries = [] {
    auto* r = new Registries;
    RegisterAllTasks(r->tasks);
    RegisterAllMethods(r->methods);
    return r;
  }();
  return *registries;
}

ParamCatalog Registries::Catalog() const {
  ParamCatalog catalog;
  for (const auto& [name, info] : tasks.all())
    catalog.tasks[name] = info.description.params;
  for (const auto& [name, info] : methods.all()) catalog.methods[name] = info.params;
  return catalog;
}

int SuiteOutcome::Count(const std::string& outcome) const {
  int n = 0;
  for (const RunOutcome& r : runs) n += r.outcome == outcome;
  return n;
}

Runner::Runner(ResultStore& store, const Registries& registries,
               RunnerOptions options)
    : store_(store), registries_(registries), options_(std::move(options)) {}

SuiteOutcome Runner::RunSuite(const Suite& suite) {
  torch::Device device(options_.device);
  if (device.is_cuda() && !torch::cuda::is_available()) {
    throw std::runtime_error(
        "--device " + options_.device +
        ": this LibTorch build has no CUDA (Debian's libtorch is CPU-only); "
        "build on a GPU host with CMake (see README) or use --device cpu");
  }
  int64_t environment_id = store_.RecordEnvironment(
      DetectEnvironment(device.str()));
  int64_t suite_id = store_.RecordSuite(suite.name, suite.path, suite.content);
  std::vector<std::string> labels;
  std::vector<int64_t> planned;
  for (const RunSpec& spec : suite.runs) {
    labels.push_back(spec.task + "/" + spec.label);
    planned.push_back(spec.run.GetInt("steps"));
  }
  Progress progress(*options_.progress, labels, planned);
  std::vector<std::string> varying = VaryingKeys(suite.runs);
  SuiteOutcome outcome;
  for (size_t i = 0; i < suite.runs.size(); ++i) {
    if (options_.stop_requested()) {
      outcome.interrupted = true;
      break;
    }
    if (!options_.only_positions.empty() && !options_.only_positions.count(i + 1)) {
      progress.Close(i);  // another process's share: not in this one's ETA
      continue;
    }
    const RunSpec& spec = suite.runs[i];
    RunOutcome run = RunOne(spec, spec.ShortName(varying), i, suite_id,
                            environment_id, progress);
    outcome.runs.push_back(run);
    if (run.outcome == "interrupted") {
      outcome.interrupted = true;
      break;
    }
  }
  return outcome;
}

RunOutcome Runner::RunOne(const RunSpec& spec, const std::string& name,
                          size_t index, int64_t suite_id,
                          int64_t environment_id, Progress& progress) {
  RunOutcome outcome;
  outcome.name = name;
  RunIdentity identity{spec.task,         spec.method,       spec.label,
                       spec.seed,         spec.ConfigJson(), spec.ConfigHash(),
                       spec.run.GetInt("steps")};
  RunClaim claim =
      store_.ClaimRun(identity, suite_id, environment_id, HostName(), getpid(),
                      options_.retry_failed, static_cast<int64_t>(index),
                      options_.take_over, options_.lease_seconds);
  outcome.run_id = claim.run.id;
  if (claim.kind == RunClaim::kAlreadyEnded) {
    progress.Close(index);
    progress.Note(index, name, std::string("skipped: already ") +
                                   RunStatusName(claim.run.status) + " (run " +
                                   std::to_string(claim.run.id) + ")");
    outcome.outcome = "skipped";
    outcome.final_metrics = store_.FinalMetrics(claim.run.id);
    return outcome;
  }
  if (claim.kind == RunClaim::kBusy) {
    progress.Close(index);
    progress.Note(index, name, "skipped: running in process " +
                                   std::to_string(claim.run.owner_pid) + " on " +
                                   claim.run.owner_host + " (resumable once it has recorded "
                                   "nothing for " + std::to_string(options_.lease_seconds / 60) +
                                   " min, or now with --take-over)");
    outcome.outcome = "busy";
    return outcome;
  }

  const int64_t run_id = claim.run.id;
  const TaskInfo& task_info = *registries_.tasks.Find(spec.task);
  const MethodInfo& method_info = *registries_.methods.Find(spec.method);
  const int64_t steps = spec.run.GetInt("steps");
  const int64_t batch_size = spec.run.GetInt("batch_size");
  const int64_t eval_every = spec.run.GetInt("eval_every");
  const int64_t log_every = spec.run.GetInt("log_every");
  const int64_t checkpoint_every = spec.run.GetInt("checkpoint_every");
  torch::Device device(options_.device);

  std::vector<MetricRecord> metrics;  // pending until the next flush
  std::vector<TimingRecord> timings;
  std::map<std::string, double> last_eval;
  BestEvaluation best_eval(task_info.description);
  CollapseWatch collapse_watch(task_info.description);
  std::optional<Collapse> collapse;  // the first evaluation that met a rule
  auto segment_start = Clock::now();
  int64_t step = 0;

  auto flush = [&](std::optional<int64_t> checkpoint_step) {
    store_.AppendProgress(run_id, metrics, timings, step,
                          SecondsSince(segment_start), checkpoint_step);
    metrics.clear();
    timings.clear();
    segment_start = Clock::now();
  };
  auto end = [&](RunStatus status, const std::string& category,
                 const std::string& text) {
    flush(std::nullopt);
    if (!last_eval.empty()) last_eval.merge(best_eval.Metrics());
    store_.EndRun(run_id, status, last_eval, category, text);
    outcome.outcome = RunStatusName(status);
    outcome.final_metrics = last_eval;
    progress.Close(index);
    progress.Note(index, name, outcome.outcome + (text.empty() ? "" : ": " + text));
    return outcome;
  };

  try {
    RandomStreams streams(static_cast<uint64_t>(spec.seed));
    TaskContext task_context{spec.task_params, device, streams};
    task_context.trained_checkpoint = [&](const std::string& source_task,
                                          const std::vector<std::string>& keys) {
      return TrainedCheckpoint(spec, source_task, keys, index, name, progress);
    };
    std::unique_ptr<Task> task = task_info.create(task_context);
    if (method_info.needs_exact_likelihood && !task->model().HasExactLikelihood()) {
      return end(RunStatus::kFailed, "config",
                 "method '" + spec.method + "' needs an exact likelihood, which "
                 "task '" + spec.task + "' does not provide");
    }
    // A run of 0 steps only evaluates (an ood run of a trained model).
    if (method_info.needs_classifier &&
        (task->model().NumClasses() == 0 || (task->LabeledSize() == 0 && steps > 0))) {
      return end(RunStatus::kFailed, "config",
                 "method '" + spec.method + "' trains a classifier on labelled "
                 "examples, which task '" + spec.task + "' does not provide");
    }
    if (batch_size > task->TrainSize()) {
      return end(RunStatus::kFailed, "config",
                 "batch_size " + std::to_string(batch_size) +
                     " exceeds the training set (" +
                     std::to_string(task->TrainSize()) + ")");
    }
    at::Generator setup_noise =
        streams.Generator(Stream::kMethodNoise, -1, device);
    MethodContext method_context{task->model(), spec.method_params, device,
                                 setup_noise};
    method_context.init_seed = streams.Seed(Stream::kModelInit, 1);
    method_context.data_sample = [&task, &streams](int64_t max_count) {
      const int64_t n = std::min(max_count, task->TrainSize());
      // As training sees them (dequantized, say), with index -1 of the
      // augmentation stream, apart from every step's.
      at::Generator augment = streams.Generator(Stream::kAugment, -1, torch::kCPU);
      return task->Augment(task->TrainBatch(torch::arange(n, torch::kLong)), augment);
    };
    std::unique_ptr<Method> method = method_info.create(method_context);

    const std::filesystem::path run_dir =
        std::filesystem::path(options_.artifacts_dir) /
        ("run-" + std::to_string(run_id));
    std::filesystem::create_directories(run_dir);
    const std::string checkpoint_path = (run_dir / "checkpoint.pt").string();
    if (claim.kind != RunClaim::kStartNew &&
        std::filesystem::exists(checkpoint_path)) {
      try {
        step = LoadCheckpoint(checkpoint_path, identity.config_hash,
                              claim.run.checkpoint_step, task->model(), *method);
      } catch (const ForeignCheckpoint& e) {
        // Nothing was loaded: train from the start; the file is replaced
        // at this run's first checkpoint.
        progress.Note(index, name, std::string(e.what()) + "; not loaded, starting at step 0");
      }
    }
    // Records past the checkpoint were made by steps that will be redone.
    store_.TruncateAfter(run_id, step);
    {
      const std::vector<MetricRecord> history = store_.Metrics(run_id);
      best_eval.Restore(history);
      collapse = collapse_watch.Restore(history);
    }
    if (step > 0) {
      progress.Resume(index, step);
      progress.Note(index, name, "resuming from the checkpoint at step " +
                                     std::to_string(step));
    }

    auto evaluate = [&](Task::Scope scope) -> bool {
      auto start = Clock::now();
      last_eval = task->Evaluate(scope);
      const int64_t sample_count = task->SampleMetricCount();
      if (scope == Task::Scope::kFinal && sample_count > 0) {
        // Index -2 of the eval stream: apart from the final sample grid's.
        at::Generator noise = streams.Generator(Stream::kEval, -2, device);
        torch::Tensor samples = method->Sample(sample_count, noise);
        if (samples.defined()) last_eval.merge(task->SampleMetrics(samples.detach()));
      }
      Synchronize(device);
      timings.push_back({step, "eval", SecondsSince(start)});
      for (const auto& [metric, value] : last_eval)
        metrics.push_back({step, metric, value});
      best_eval.Offer(step, last_eval);
      std::optional<Collapse> met = collapse_watch.Offer(step, last_eval);
      if (met && !collapse) collapse = met;
      std::string bad;
      return AllFinite(last_eval, &bad);
    };
    auto end_collapsed = [&](const std::string& after) {
      return end(RunStatus::kCollapsed, "collapsed",
                 "at step " + std::to_string(collapse->step) + ": " + collapse->text + after);
    };
    // Checkpoint writing and hashing is the "other" phase of the step. The
    // file is published only after the records up to `step` are committed
    // (see checkpoint.h): it never runs ahead of the database.
    auto checkpoint = [&]() {
      auto start = Clock::now();
      WriteCheckpoint(checkpoint_path, step, identity.config_hash, task->model(), *method);
      const std::string pending = PendingCheckpointPath(checkpoint_path);
      const std::string hash = HashFileHex(pending);
      const int64_t bytes = std::filesystem::file_size(pending);
      timings.push_back({step, "other", SecondsSince(start)});
      flush(step);
      PublishCheckpoint(checkpoint_path);
      store_.RecordArtifact(run_id, "checkpoint", checkpoint_path, hash, bytes, step);
    };

    // The machine's speed now, beside this segment's step times (a resumed
    // run measures again at its resume step).
    metrics.push_back({step, "reference/sgemm_gflops", MeasureSgemmGflops(device)});

    // A run of 0 steps (evaluating a stored model) has only this evaluation.
    if (step == 0 && !evaluate(steps == 0 ? Task::Scope::kFinal : Task::Scope::kDuring)) {
      return end(RunStatus::kDiverged, "diverged",
                 "non-finite metric before training");
    }
    if (collapse && !options_.keep_collapsed) return end_collapsed("");
    BatchOrder order(streams, task->TrainSize(), batch_size);
    // As the official code: labelled batches of min(batch_size, labelled
    // examples), cycling through the labelled set.
    std::optional<BatchOrder> labeled_order;
    if (task->LabeledSize() > 0 && !task->SharesLabeledBatch()) {
      labeled_order.emplace(streams, task->LabeledSize(),
                            std::min(batch_size, task->LabeledSize()), Stream::kLabeledOrder);
    }
    auto progress_start = Clock::now();
    int64_t progress_steps = 0;
    while (step < steps) {
      auto data_start = Clock::now();
      at::Generator augment = streams.Generator(Stream::kAugment, step, torch::kCPU);
      const torch::Tensor indices = order.Indices(step);
      Batch batch(task->Augment(task->TrainBatch(indices), augment));
      if (labeled_order) {
        auto [labeled_x, labels] = task->LabeledBatch(labeled_order->Indices(step));
        batch.labeled_x = task->Augment(labeled_x, augment);
        batch.labels = labels;
      } else if (task->SharesLabeledBatch()) {
        batch.labeled_x = batch.x;
        batch.labels = task->LabeledBatch(indices).second;
      }
      Synchronize(device);
      const double data_seconds = SecondsSince(data_start);

      auto step_start = Clock::now();
      at::Generator noise = streams.Generator(Stream::kMethodNoise, step, device);
      Scalars scalars = method->Step(batch, noise);
      Synchronize(device);
      const double step_seconds = SecondsSince(step_start);
      ++step;
      ++progress_steps;
      timings.push_back({step, "data", data_seconds});
      timings.push_back({step, "step", step_seconds});

      std::string bad;
      const bool finite = AllFinite(scalars, &bad);
      if (!finite || step % log_every == 0) {
        for (const auto& [scalar, value] : scalars)
          metrics.push_back({step, "step/" + scalar, value});
      }
      if (!finite) {
        return end(RunStatus::kDiverged, "diverged",
                   "non-finite " + bad + " at step " + std::to_string(step));
      }
      if (step % eval_every == 0 || step == steps) {
        const bool eval_finite = evaluate(
            step == steps ? Task::Scope::kFinal : Task::Scope::kDuring);
        progress.Account(index, progress_steps, SecondsSince(progress_start));
        progress_steps = 0;
        progress_start = Clock::now();
        progress.Line(index, name, step, FormatMetrics(last_eval, task_info.description, scalars));
        if (!eval_finite) {
          return end(RunStatus::kDiverged, "diverged",
                     "non-finite evaluation metric at step " + std::to_string(step));
        }
        if (collapse && !options_.keep_collapsed) return end_collapsed("");
      }
      // The heartbeat of the run's lease: something is recorded at least
      // every minute, so other processes see that its owner lives.
      if (SecondsSince(segment_start) > kHeartbeatSeconds) flush(std::nullopt);
      // Asked once per step; a stop checkpoints here, so nothing is redone.
      const bool stop = step < steps && options_.stop_requested();
      if (step % checkpoint_every == 0 || step == steps || stop) checkpoint();
      if (stop) {
        store_.EndRun(run_id, RunStatus::kInterrupted, {}, "interrupted",
                      "stopped at step " + std::to_string(step) +
                          "; run the suite again to resume");
        progress.Note(index, name, "interrupted at step " + std::to_string(step) +
                                       " (checkpoint saved)");
        outcome.outcome = "interrupted";
        return outcome;
      }
    }
    // A run killed after its final checkpoint resumes with nothing to train:
    // its final metrics are evaluated again (the same model, the same values).
    if (last_eval.empty() && !evaluate(Task::Scope::kFinal)) {
      return end(RunStatus::kDiverged, "diverged", "non-finite final metric");
    }
    SaveFinalSamples(spec.run.GetInt("final_samples"), *method, *task, streams,
                     device, run_dir.string(), run_id, step);
    if (collapse) return end_collapsed("; trained on to the last step (--keep-collapsed)");
    return end(RunStatus::kFinished, "", "");
  } catch (const c10::Error& e) {
    std::string what = e.what_without_backtrace();
    bool oom = what.find("out of memory") != std::string::npos;
    return end(RunStatus::kFailed, oom ? "oom" : "error", what);
  } catch (const std::exception& e) {
    return end(RunStatus::kFailed, "error", e.what());
  }
}

}  // namespace ebm

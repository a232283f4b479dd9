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

#include "src/core/environment_detection.h"
#include "src/core/hash.h"
#include "src/core/random_streams.h"
#include "src/metrics/sgemm_reference.h"
#include "src/suite/best_evaluation.h"
#include "src/suite/checkpoint.h"
#include "src/suite/collapse_watch.h"
#include "src/suite/progress.h"
#include "src/suite/sample_file.h"

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
    const std::string path = run_dir + "/" + kind + ".npy";
    SaveSampleFile(tensor, path);
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
  ApplyPrecision(options_.precision, device);
  int64_t environment_id = store_.RecordEnvironment(
      DetectEnvironment(device.str() + options_.precision.Suffix()));
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

// One claimed run from its setup to its end, in named phases: Setup (task
// and method, refused configurations), Resume (checkpoint, records past it
// dropped), the first evaluation, Train (steps, evaluations, checkpoints,
// the heartbeat, a requested stop) and Finish (final metrics, samples).
// Metrics and timings wait in memory until a flush, a checkpoint or the end
// writes them in one transaction.
class RunSession {
 public:
  RunSession(Runner& runner, const RunSpec& spec, const std::string& name, size_t index,
             const RunClaim& claim, Progress& progress)
      : runner_(runner),
        store_(runner.store_),
        options_(runner.options_),
        spec_(spec),
        config_hash_(spec.ConfigHash()),
        name_(name),
        index_(index),
        claim_(claim),
        run_id_(claim.run.id),
        progress_(progress),
        task_info_(*runner.registries_.tasks.Find(spec.task)),
        method_info_(*runner.registries_.methods.Find(spec.method)),
        steps_(spec.run.GetInt("steps")),
        batch_size_(spec.run.GetInt("batch_size")),
        device_(options_.device),
        streams_(static_cast<uint64_t>(spec.seed)),
        best_eval_(task_info_.description),
        collapse_watch_(task_info_.description) {
    outcome_.name = name;
    outcome_.run_id = run_id_;
  }

  // Catches every error of the run: it is recorded failed, with its history.
  RunOutcome Run() {
    try {
      if (std::optional<std::string> refused = Setup())
        return End(RunStatus::kFailed, "config", *refused);
      Resume();
      // The machine's speed now, beside this segment's step times (a
      // resumed run measures again at its resume step).
      metrics_.push_back({step_, "reference/sgemm_gflops", MeasureSgemmGflops(device_)});
      // A run of 0 steps (evaluating a stored model) has only this evaluation.
      if (step_ == 0 && !Evaluate(steps_ == 0 ? Task::Scope::kFinal : Task::Scope::kDuring))
        return End(RunStatus::kDiverged, "diverged", "non-finite metric before training");
      if (collapse_ && !options_.keep_collapsed) return EndCollapsed("");
      if (std::optional<RunOutcome> ended = Train()) return *ended;
      return Finish();
    } catch (const c10::Error& e) {
      std::string what = e.what_without_backtrace();
      bool oom = what.find("out of memory") != std::string::npos;
      return End(RunStatus::kFailed, oom ? "oom" : "error", what);
    } catch (const std::exception& e) {
      return End(RunStatus::kFailed, "error", e.what());
    }
  }

 private:
  // Builds the task and the method; the reason when the pair cannot run.
  std::optional<std::string> Setup() {
    TaskContext task_context{spec_.task_params, device_, streams_};
    task_context.trained_checkpoint = [this](const std::string& source_task,
                                             const std::vector<std::string>& keys) {
      return runner_.TrainedCheckpoint(spec_, source_task, keys, index_, name_, progress_);
    };
    task_ = task_info_.create(task_context);
    if (method_info_.needs_exact_likelihood && !task_->model().HasExactLikelihood()) {
      return "method '" + spec_.method + "' needs an exact likelihood, which task '" +
             spec_.task + "' does not provide";
    }
    // A run of 0 steps only evaluates (an ood run of a trained model).
    if (method_info_.needs_classifier &&
        (task_->model().NumClasses() == 0 || (task_->LabeledSize() == 0 && steps_ > 0))) {
      return "method '" + spec_.method + "' trains a classifier on labelled examples, which "
             "task '" + spec_.task + "' does not provide";
    }
    if (batch_size_ > task_->TrainSize()) {
      return "batch_size " + std::to_string(batch_size_) + " exceeds the training set (" +
             std::to_string(task_->TrainSize()) + ")";
    }
    at::Generator setup_noise = streams_.Generator(Stream::kMethodNoise, -1, device_);
    MethodContext method_context{task_->model(), spec_.method_params, device_, setup_noise};
    method_context.init_seed = streams_.Seed(Stream::kModelInit, 1);
    method_context.data_sample = [this](int64_t max_count) {
      const int64_t n = std::min(max_count, task_->TrainSize());
      // As training sees them (dequantized, say), with index -1 of the
      // augmentation stream, apart from every step's.
      at::Generator augment = streams_.Generator(Stream::kAugment, -1, torch::kCPU);
      return task_->Augment(task_->TrainBatch(torch::arange(n, torch::kLong)), augment);
    };
    method_ = method_info_.create(method_context);
    run_dir_ = std::filesystem::path(options_.artifacts_dir) / ("run-" + std::to_string(run_id_));
    std::filesystem::create_directories(run_dir_);
    checkpoint_path_ = (run_dir_ / "checkpoint.pt").string();
    return std::nullopt;
  }

  // Loads the run's checkpoint, if it has one of its own, and drops the
  // records made past it by steps that will be redone.
  void Resume() {
    if (claim_.kind != RunClaim::kStartNew && std::filesystem::exists(checkpoint_path_)) {
      try {
        step_ = LoadCheckpoint(checkpoint_path_, config_hash_, claim_.run.checkpoint_step,
                               task_->model(), *method_);
      } catch (const ForeignCheckpoint& e) {
        // Nothing was loaded: train from the start; the file is replaced
        // at this run's first checkpoint.
        progress_.Note(index_, name_, std::string(e.what()) + "; not loaded, starting at step 0");
      }
    }
    store_.TruncateAfter(run_id_, step_);
    const std::vector<MetricRecord> history = store_.Metrics(run_id_);
    best_eval_.Restore(history);
    collapse_ = collapse_watch_.Restore(history);
    if (step_ > 0) {
      progress_.Resume(index_, step_);
      progress_.Note(index_, name_, "resuming from the checkpoint at step " + std::to_string(step_));
    }
  }

  // The steps from the current one to the last; an outcome when the run
  // ends early (diverged, collapsed, interrupted).
  std::optional<RunOutcome> Train() {
    BatchOrder order(streams_, task_->TrainSize(), batch_size_);
    // As the official code: labelled batches of min(batch_size, labelled
    // examples), cycling through the labelled set.
    std::optional<BatchOrder> labeled_order;
    if (task_->LabeledSize() > 0 && !task_->SharesLabeledBatch()) {
      labeled_order.emplace(streams_, task_->LabeledSize(),
                            std::min(batch_size_, task_->LabeledSize()), Stream::kLabeledOrder);
    }
    const int64_t eval_every = spec_.run.GetInt("eval_every");
    const int64_t log_every = spec_.run.GetInt("log_every");
    const int64_t checkpoint_every = spec_.run.GetInt("checkpoint_every");
    auto progress_start = Clock::now();
    int64_t progress_steps = 0;
    while (step_ < steps_) {
      auto data_start = Clock::now();
      Batch batch = NextBatch(order, labeled_order);
      Synchronize(device_);
      const double data_seconds = SecondsSince(data_start);

      auto step_start = Clock::now();
      at::Generator noise = streams_.Generator(Stream::kMethodNoise, step_, device_);
      Scalars scalars = method_->Step(batch, noise);
      Synchronize(device_);
      const double step_seconds = SecondsSince(step_start);
      ++step_;
      ++progress_steps;
      timings_.push_back({step_, "data", data_seconds});
      timings_.push_back({step_, "step", step_seconds});

      std::string bad;
      const bool finite = AllFinite(scalars, &bad);
      if (!finite || step_ % log_every == 0) {
        for (const auto& [scalar, value] : scalars)
          metrics_.push_back({step_, "step/" + scalar, value});
      }
      if (!finite) {
        return End(RunStatus::kDiverged, "diverged",
                   "non-finite " + bad + " at step " + std::to_string(step_));
      }
      if (step_ % eval_every == 0 || step_ == steps_) {
        const bool eval_finite =
            Evaluate(step_ == steps_ ? Task::Scope::kFinal : Task::Scope::kDuring);
        progress_.Account(index_, progress_steps, SecondsSince(progress_start));
        progress_steps = 0;
        progress_start = Clock::now();
        progress_.Line(index_, name_, step_,
                       FormatMetrics(last_eval_, task_info_.description, scalars));
        if (!eval_finite) {
          return End(RunStatus::kDiverged, "diverged",
                     "non-finite evaluation metric at step " + std::to_string(step_));
        }
        if (collapse_ && !options_.keep_collapsed) return EndCollapsed("");
      }
      // The heartbeat of the run's lease: something is recorded at least
      // every minute, so other processes see that its owner lives.
      if (SecondsSince(segment_start_) > kHeartbeatSeconds) Flush(std::nullopt);
      // Asked once per step; a stop checkpoints here, so nothing is redone.
      const bool stop = step_ < steps_ && options_.stop_requested();
      if (step_ % checkpoint_every == 0 || step_ == steps_ || stop) Checkpoint();
      if (stop) return EndInterrupted();
    }
    return std::nullopt;
  }

  // Step `step_`'s batch: its examples (augmented) and, where the task has
  // labels, its labelled examples.
  Batch NextBatch(BatchOrder& order, std::optional<BatchOrder>& labeled_order) {
    at::Generator augment = streams_.Generator(Stream::kAugment, step_, torch::kCPU);
    const torch::Tensor indices = order.Indices(step_);
    Batch batch(task_->Augment(task_->TrainBatch(indices), augment));
    if (labeled_order) {
      auto [labeled_x, labels] = task_->LabeledBatch(labeled_order->Indices(step_));
      batch.labeled_x = task_->Augment(labeled_x, augment);
      batch.labels = labels;
    } else if (task_->SharesLabeledBatch()) {
      batch.labeled_x = batch.x;
      batch.labels = task_->LabeledBatch(indices).second;
    }
    return batch;
  }

  // The final metrics (again, for a run killed after its final checkpoint:
  // the same model, the same values), the sample artifacts, the status.
  RunOutcome Finish() {
    if (last_eval_.empty() && !Evaluate(Task::Scope::kFinal))
      return End(RunStatus::kDiverged, "diverged", "non-finite final metric");
    runner_.SaveFinalSamples(spec_.run.GetInt("final_samples"), *method_, *task_, streams_,
                             device_, run_dir_.string(), run_id_, step_);
    if (collapse_) return EndCollapsed("; trained on to the last step (--keep-collapsed)");
    return End(RunStatus::kFinished, "", "");
  }

  // Evaluates at the current step; false when a metric is not finite.
  bool Evaluate(Task::Scope scope) {
    auto start = Clock::now();
    last_eval_ = task_->Evaluate(scope);
    const int64_t sample_count = task_->SampleMetricCount();
    if (scope == Task::Scope::kFinal && sample_count > 0) {
      // Index -2 of the eval stream: apart from the final sample grid's.
      at::Generator noise = streams_.Generator(Stream::kEval, -2, device_);
      torch::Tensor samples = method_->Sample(sample_count, noise);
      if (samples.defined()) last_eval_.merge(task_->SampleMetrics(samples.detach()));
    }
    Synchronize(device_);
    timings_.push_back({step_, "eval", SecondsSince(start)});
    for (const auto& [metric, value] : last_eval_) metrics_.push_back({step_, metric, value});
    best_eval_.Offer(step_, last_eval_);
    std::optional<Collapse> met = collapse_watch_.Offer(step_, last_eval_);
    if (met && !collapse_) collapse_ = met;
    std::string bad;
    return AllFinite(last_eval_, &bad);
  }

  // Checkpoint writing and hashing is the "other" phase of the step. The
  // file is published only after the records up to the step are committed
  // (see checkpoint.h): it never runs ahead of the database.
  void Checkpoint() {
    auto start = Clock::now();
    WriteCheckpoint(checkpoint_path_, step_, config_hash_, task_->model(), *method_);
    const std::string pending = PendingCheckpointPath(checkpoint_path_);
    const std::string hash = HashFileHex(pending);
    const int64_t bytes = std::filesystem::file_size(pending);
    timings_.push_back({step_, "other", SecondsSince(start)});
    Flush(step_);
    PublishCheckpoint(checkpoint_path_);
    store_.RecordArtifact(run_id_, "checkpoint", checkpoint_path_, hash, bytes, step_);
  }

  void Flush(std::optional<int64_t> checkpoint_step) {
    store_.AppendProgress(run_id_, metrics_, timings_, step_, SecondsSince(segment_start_),
                          checkpoint_step);
    metrics_.clear();
    timings_.clear();
    segment_start_ = Clock::now();
  }

  RunOutcome End(RunStatus status, const std::string& category, const std::string& text) {
    Flush(std::nullopt);
    if (!last_eval_.empty()) last_eval_.merge(best_eval_.Metrics());
    store_.EndRun(run_id_, status, last_eval_, category, text);
    outcome_.outcome = RunStatusName(status);
    outcome_.final_metrics = last_eval_;
    progress_.Close(index_);
    progress_.Note(index_, name_, outcome_.outcome + (text.empty() ? "" : ": " + text));
    return outcome_;
  }

  RunOutcome EndCollapsed(const std::string& after) {
    return End(RunStatus::kCollapsed, "collapsed",
               "at step " + std::to_string(collapse_->step) + ": " + collapse_->text + after);
  }

  // After a checkpoint at the current step: the run resumes there.
  RunOutcome EndInterrupted() {
    store_.EndRun(run_id_, RunStatus::kInterrupted, {}, "interrupted",
                  "stopped at step " + std::to_string(step_) + "; run the suite again to resume");
    progress_.Note(index_, name_,
                   "interrupted at step " + std::to_string(step_) + " (checkpoint saved)");
    outcome_.outcome = "interrupted";
    return outcome_;
  }

  Runner& runner_;
  ResultStore& store_;
  const RunnerOptions& options_;
  const RunSpec& spec_;
  const std::string config_hash_;  // the run's identity, written into its checkpoints
  const std::string& name_;
  const size_t index_;
  const RunClaim claim_;
  const int64_t run_id_;
  Progress& progress_;
  const TaskInfo& task_info_;
  const MethodInfo& method_info_;
  const int64_t steps_, batch_size_;
  const torch::Device device_;
  const RandomStreams streams_;

  std::unique_ptr<Task> task_;
  std::unique_ptr<Method> method_;
  std::filesystem::path run_dir_;
  std::string checkpoint_path_;

  int64_t step_ = 0;
  std::vector<MetricRecord> metrics_;  // waiting for the next flush
  std::vector<TimingRecord> timings_;
  Clock::time_point segment_start_ = Clock::now();
  std::map<std::string, double> last_eval_;
  BestEvaluation best_eval_;
  CollapseWatch collapse_watch_;
  std::optional<Collapse> collapse_;  // the first evaluation that met a rule
  RunOutcome outcome_;
};

RunOutcome Runner::RunOne(const RunSpec& spec, const std::string& name,
                          size_t index, int64_t suite_id,
                          int64_t environment_id, Progress& progress) {
  RunIdentity identity{spec.task,         spec.method,       spec.label,
                       spec.seed,         spec.ConfigJson(), spec.ConfigHash(),
                       spec.run.GetInt("steps")};
  RunClaim claim =
      store_.ClaimRun(identity, suite_id, environment_id, HostName(), getpid(),
                      options_.retry_failed, static_cast<int64_t>(index),
                      options_.take_over, options_.lease_seconds);
  RunOutcome outcome;
  outcome.name = name;
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
  return RunSession(*this, spec, name, index, claim, progress).Run();
}

}  // namespace ebm

#include "src/tasks/task_descriptions.h"

#include <sstream>

#include "src/data/data_choices.h"
#include "src/models/model_choices.h"

namespace ebm {
namespace {

const std::vector<std::string> kSyntheticOodSets = {"interp", "uniform", "constant"};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) items.push_back(item);
  return items;
}

// The data set an image task reads: none when it makes synthetic gratings.
std::vector<std::string> RealImageDatasetsOf(const Params& params) {
  const std::string& name = params.GetString("dataset");
  if (name == "synthetic") return {};
  return {name};
}

std::vector<ParamSpec> Toy2dParams() {
  return {
      {"dataset", ParamType::kString, std::string("8gaussians"),
       "which 2-D density", Toy2dDatasetNames()},
      {"train_size", ParamType::kInt, int64_t{20000}, "training samples", {}, AtLeast(1)},
      {"test_size", ParamType::kInt, int64_t{5000}, "test samples", {}, AtLeast(1)},
      {"hidden", ParamType::kInt, int64_t{100}, "width of each hidden layer", {}, AtLeast(1)},
      {"depth", ParamType::kInt, int64_t{2}, "number of hidden layers", {}, AtLeast(1)},
      {"activation", ParamType::kString, std::string("leaky_relu"),
       "hidden activation (the paper's leaky_relu has no curvature, which "
       "score matching needs: use softplus or elu for ssm)",
       MlpActivationNames()},
      {"box", ParamType::kDouble, 5.0,
       "half-width of the square [-box, box]^2 on which exp(f) is normalized "
       "and MCMC chains start (uniform noise)", {}, Above(0)},
      {"eval_grid", ParamType::kInt, int64_t{256},
       "cells per side of the evaluation grid", {}, Between(2, 2048)},
      {"train_grid", ParamType::kInt, int64_t{128},
       "cells per side of the grid for the differentiable exact likelihood "
       "(exact maximum likelihood trains on it)", {}, Between(2, 1024)},
  };
}

std::vector<ParamSpec> NiceParams() {
  return {
      {"dataset", ParamType::kString, std::string("mnist"),
       "image data set (fetched by tools/fetch_data.sh)", ImageDatasetNames()},
      {"transform", ParamType::kString, std::string("dequantized"),
       "pixels to model space: dequantized = 2(p + u)/256 - 1 with uniform "
       "noise u (bits/dim bounds the 8-bit likelihood); logit = the same "
       "dequantized pixels through a logit; scaled = 2p/255 - 1 without "
       "noise (the official code: NOT a likelihood of the data, its density "
       "is unbounded on the constant background)",
       PixelTransformNames()},
      {"logit_alpha", ParamType::kDouble, 1e-6,
       "logit transform: squash u into [alpha, 1 - alpha] first", {}, Above(0).AtMost(0.1)},
      {"hidden", ParamType::kInt, int64_t{1000},
       "width of the coupling nets' hidden layers (paper: 1000)", {}, AtLeast(1)},
      {"hidden_layers", ParamType::kInt, int64_t{4},
       "hidden layers per coupling net (paper: 4)", {}, AtLeast(1)},
      {"couplings", ParamType::kInt, int64_t{4}, "additive coupling layers (paper: 4)", {}, AtLeast(1)},
      {"val_size", ParamType::kInt, int64_t{10000},
       "training images held out for validation (model selection), chosen "
       "by split_seed", {}, AtLeast(1)},
      {"split_seed", ParamType::kInt, int64_t{0},
       "seed of the validation split and of the validation/test "
       "dequantization noise (the same for every run seed)", {}, AtLeast(0)},
      {"train_size", ParamType::kInt, int64_t{0},
       "training images used, of those not held out (0 = all)", {}, AtLeast(0)},
      {"eval_subset", ParamType::kInt, int64_t{1000},
       "training images whose mean log p is tracked (train_ll_subset)", {}, AtLeast(1)},
  };
}

std::vector<std::string> DatasetChoices() {
  std::vector<std::string> choices = TabularDatasetNames();
  choices.push_back(kTabularMixtureDataset);
  return choices;
}

std::vector<ParamSpec> TabularSslParams() {
  return {
      {"dataset", ParamType::kString, std::string("satellite"),
       "tabular data set (see `ebmbench datasets`; mixture: synthetic)",
       DatasetChoices()},
      {"labels_per_class", ParamType::kInt, int64_t{10},
       "labelled training examples per class (seeded choice)", {}, AtLeast(1)},
      {"hidden", ParamType::kString, std::string("1000,500,500,250,250,250"),
       "hidden widths of the classifier MLP, comma-separated (paper: "
       "1000,500,500,250,250,250)"},
      {"mixture_classes", ParamType::kInt, int64_t{4}, "mixture: classes", {}, AtLeast(2)},
      {"mixture_dim", ParamType::kInt, int64_t{8}, "mixture: dimensions", {}, AtLeast(1)},
      {"mixture_size", ParamType::kInt, int64_t{2000}, "mixture: examples", {}, AtLeast(2)},
  };
}

std::vector<ParamSpec> JemTaskParams() {
  std::vector<ParamSpec> specs = JemImageModelParams();
  std::vector<std::string> augmentations = {"auto"};
  for (const std::string& name : AugmentationNames()) augmentations.push_back(name);
  for (const ParamSpec& spec : std::vector<ParamSpec>{
           {"augment", ParamType::kString, std::string("auto"),
            "training augmentation: crop = pad 4 and crop, crop_flip = and flip; auto: "
            "crop_flip for CIFAR, crop for SVHN, none for 28x28 sets",
            augmentations},
           {"data_noise", ParamType::kDouble, 0.03,
            "std of Gaussian noise added to training images (default: JEM's 0.03, "
            "which smooths the data the energy must fit; the official VERA code: 0)",
            {}, AtLeast(0)},
           {"pad_mode", ParamType::kString, std::string("constant"),
            "padding of random crops: constant (black, -1; JEM's code) or reflect "
            "(mirrored borders; the official VERA code)",
            {"constant", "reflect"}},
           {"labeled_batch", ParamType::kString, std::string("separate"),
            "the classifier's labelled batch: separate (a second batch in its own "
            "order, as on tasks with few labels, so every method sees the same data "
            "stream whatever its loss) or shared (the data batch itself, one set of "
            "images per step, as the official code)",
            {"separate", "shared"}},
           {"train_size", ParamType::kInt, int64_t{0},
            "use only the first N training images (0: all)", {}, AtLeast(0)},
           {"eval_size", ParamType::kInt, int64_t{1000},
            "test images of the evaluations during training (the final one uses all)", {}, AtLeast(1)},
           {"sample_count", ParamType::kInt, int64_t{1000},
            "samples drawn at the end for sample quality (0: none)", {}, AtLeast(0)},
           {"feature_steps", ParamType::kInt, int64_t{1000},
            "training steps of the classifier whose features sample_fd uses", {}, AtLeast(1)},
           {"inception", ParamType::kString, std::string(""),
            "TorchScript Inception-v3 file for FID and Inception Score: forward(x "
            "[N, 3, 299, 299] in [-1, 1]) -> (pool features, logits); empty: neither is "
            "computed (sample_fd always is)"},
       }) {
    specs.push_back(spec);
  }
  return specs;
}

std::vector<ParamSpec> OodParams() {
  std::vector<ParamSpec> specs = JemImageModelParams();
  specs.push_back({"source_task", ParamType::kString, std::string("jem"),
                   "the task whose trained model is evaluated", {"jem"}});
  specs.push_back({"ood_sets", ParamType::kString, std::string("auto"),
                   "comma-separated OOD sets: data set names, interp, uniform, constant; "
                   "auto: the other data set(s) and the three synthetic ones"});
  specs.push_back({"ood_size", ParamType::kInt, int64_t{1000},
                   "examples per set, in-distribution test images included", {}, AtLeast(1)});
  return specs;
}

}  // namespace

std::vector<ParamSpec> JemImageModelParams() {
  return {
      {"dataset", ParamType::kString, std::string("fashion_mnist"),
       "image data set (see `ebmbench datasets`; synthetic: procedural gratings)",
       ImageClassificationDatasetNames()},
      {"net", ParamType::kString, std::string("wrn"),
       "classifier network: wrn (Wide-ResNet) or conv (small 3-layer conv net)",
       {"wrn", "conv"}},
      {"depth", ParamType::kInt, int64_t{28}, "wrn: depth 6n + 4 (paper: 28)", {}, AtLeast(10)},
      {"width", ParamType::kInt, int64_t{10}, "wrn: widening factor (paper: 10)", {}, AtLeast(1)},
      {"dropout", ParamType::kDouble, 0.0, "wrn: dropout between a block's convolutions", {}, AtLeast(0).Below(1)},
      {"norm", ParamType::kString, std::string("none"),
       "wrn: normalization (JEM: none; batch norm makes f(x) depend on the batch)",
       WideResNetNorms()},
      {"conv_width", ParamType::kInt, int64_t{32}, "conv: channels of the first layer", {}, AtLeast(1)},
      {"conv_features", ParamType::kInt, int64_t{128}, "conv: channels before pooling", {}, AtLeast(1)},
      {"synthetic_size", ParamType::kInt, int64_t{2000}, "synthetic: training images", {}, AtLeast(2)},
      {"synthetic_classes", ParamType::kInt, int64_t{4}, "synthetic: classes", {}, AtLeast(2)},
      {"synthetic_image", ParamType::kInt, int64_t{12}, "synthetic: image side", {}, Between(4, 256)},
  };
}

TaskDescription Toy2dTaskDescription() {
  TaskDescription description = {
      "toy2d",
      "2-D densities learned by an MLP energy; exact test log-likelihood by "
      "grid normalization",
      Toy2dParams(),
      {
          {"test_ll", MetricDirection::kHigherIsBetter, "nats",
           "exact mean log-likelihood of the test set (grid-normalized)"},
          {"train_ll", MetricDirection::kHigherIsBetter, "nats",
           "the same on as many training samples as the test set has"},
          {"log_z", MetricDirection::kInformational, "nats",
           "log-normalizer of exp(f) on the evaluation grid (informational)"},
      },
      "test_ll",
  };
  // Judged on training data (the task has no validation split).
  description.collapse_rules = {
      {CollapseRule::Kind::kMagnitudeAbove, "log_z", 1e6, 0, "the energy ran away"},
      {CollapseRule::Kind::kWorseThanUntrained, "train_ll", 5, 0,
       "the density left the data: worse than the untrained model's by e^5", 3},
  };
  return description;
}

TaskDescription NiceTaskDescription() {
  TaskDescription description = {
      "nice",
      "a NICE flow on MNIST / Fashion-MNIST trained as an EBM; exact test "
      "log-likelihood",
      NiceParams(),
      {
          {"test_bpd", MetricDirection::kLowerIsBetter, "bits/dim",
           "bits per dimension of the test set on the 8-bit pixel scale, the "
           "transform's Jacobian included; with a dequantizing transform an "
           "upper bound of the discrete negative log-likelihood"},
          {"test_ll", MetricDirection::kHigherIsBetter, "nats",
           "exact mean log p(y) of the test set in the model's space (the "
           "number the paper reports; with transform scaled not a "
           "likelihood of the data)"},
          {"val_bpd", MetricDirection::kLowerIsBetter, "bits/dim",
           "test_bpd on the validation split (for model selection)"},
          {"val_ll", MetricDirection::kHigherIsBetter, "nats",
           "test_ll on the validation split (for model selection)"},
          {"train_ll_subset", MetricDirection::kHigherIsBetter, "nats",
           "mean log p(y) of eval_subset training images"},
          {"log_det", MetricDirection::kInformational, "nats",
           "sum of the flow's log scales, log|det dy/dx|"},
      },
      "test_bpd",
      "",
  };
  description.selection_metric = "val_bpd";
  description.collapse_rules = {
      {CollapseRule::Kind::kWorseThanUntrained, "val_bpd", 10, 0,
       "the flow's density left the data: 10 bits/dim worse than the untrained flow", 3},
  };
  description.caveats.push_back(
      {"transform", "scaled",
       "transform scaled (the official code's 2p/255 - 1, no dequantization) "
       "puts every background pixel at exactly -1: the flow's density there can "
       "grow without bound, so its test_ll/test_bpd are not a likelihood of the "
       "data and reward whichever method sharpens most. Compare methods on the "
       "dequantized or logit transform."});
  AddBestValidationMetrics(description, {"val_bpd", "test_bpd", "val_ll", "test_ll"});
  description.datasets = [](const Params& params) {
    return std::vector<std::string>{params.GetString("dataset")};
  };
  return description;
}

TaskDescription TabularSslTaskDescription() {
  TaskDescription description = {
      "tabular_ssl",
      "semi-supervised classification of tabular data with a JEM classifier "
      "(VERA paper, section 6): few labels per class, the rest unlabelled",
      TabularSslParams(),
      {
          {"test_acc", MetricDirection::kHigherIsBetter, "",
           "accuracy on the test split"},
          {"test_nll", MetricDirection::kLowerIsBetter, "nats",
           "mean -log p(y|x) on the test split"},
          {"test_ece", MetricDirection::kLowerIsBetter, "",
           "expected calibration error (15 bins) on the test split"},
          {"val_acc", MetricDirection::kHigherIsBetter, "",
           "accuracy on the validation split (for model selection; not a test score)"},
          {"val_nll", MetricDirection::kLowerIsBetter, "nats",
           "mean -log p(y|x) on the validation split"},
          {"val_ece", MetricDirection::kLowerIsBetter, "",
           "expected calibration error on the validation split"},
          {"test_f", MetricDirection::kInformational, "nats",
           "mean energy f(x) = logsumexp of the logits on the test split"},
          {"val_f", MetricDirection::kInformational, "nats",
           "mean energy f(x) on the validation split"},
      },
      "test_acc",
  };
  // Judged on validation data: the test split only ever gives the score.
  description.collapse_rules = {
      // A classifier trained with cross-entropy keeps its logsumexp within
      // tens of nats (at most 36 in every healthy jem-cpu/tabular-cpu run);
      // collapsing PCD-JEM runs passed 1e5 on their way to -1e9.
      {CollapseRule::Kind::kMagnitudeAbove, "val_f", 1e4, 0, "the energy ran away"},
      {CollapseRule::Kind::kGainLost, "val_acc", 0.3, 0.25,
       "the classifier fell back toward the untrained model", 2},
      {CollapseRule::Kind::kWorseThanUntrained, "val_acc", 0.5, 0,
       "accuracy far below even the untrained classifier's", 2},
  };
  description.reference = {"supervised", "supervised-only", "the baseline"};
  description.selection_metric = "val_acc";
  AddBestValidationMetrics(description, {"val_acc", "test_acc"});
  description.datasets = [](const Params& params) {
    const std::string& name = params.GetString("dataset");
    return name == kTabularMixtureDataset ? std::vector<std::string>{}
                                          : std::vector<std::string>{name};
  };
  return description;
}

TaskDescription JemTaskDescription() {
  TaskDescription description = {
      "jem",
      "JEM hybrid model on images: a classifier whose logsumexp is the energy, "
      "trained on every label (VERA paper, section 5)",
      JemTaskParams(),
      {
          {"test_acc", MetricDirection::kHigherIsBetter, "", "accuracy on the test set"},
          {"test_nll", MetricDirection::kLowerIsBetter, "nats",
           "mean -log p(y|x) on the test set"},
          {"test_ece", MetricDirection::kLowerIsBetter, "",
           "expected calibration error (15 bins) on the test set"},
          {"sample_fd", MetricDirection::kLowerIsBetter, "",
           "Fréchet distance of the method's samples to the test images in the features "
           "of a small classifier the task trains (fixed seed); not FID"},
          {"sample_fd_floor", MetricDirection::kLowerIsBetter, "",
           "the same distance for as many training images: what a perfect sampler reaches"},
          {"fid", MetricDirection::kLowerIsBetter, "",
           "FID of the samples against the test images (only with `inception` weights)"},
          {"inception_score", MetricDirection::kHigherIsBetter, "",
           "Inception Score of the samples, 10 splits (only with `inception` weights)"},
          {"test_f", MetricDirection::kInformational, "nats",
           "mean energy f(x) = logsumexp of the logits over the evaluated test images"},
      },
      "test_acc",
  };
  description.collapse_rules = {
      // A classifier trained with cross-entropy keeps its logsumexp within
      // tens of nats (at most 36 in every healthy jem-cpu/tabular-cpu run);
      // collapsing PCD-JEM runs passed 1e5 on their way to -1e9.
      {CollapseRule::Kind::kMagnitudeAbove, "test_f", 1e4, 0, "the energy ran away"},
      {CollapseRule::Kind::kGainLost, "test_acc", 0.3, 0.25,
       "the classifier fell back toward the untrained model", 2},
  };
  description.reference = {"supervised", "supervised-only", "the baseline"};
  description.datasets = RealImageDatasetsOf;
  return description;
}

TaskDescription OodTaskDescription() {
  TaskDescription description = {
      "ood",
      "out-of-distribution detection with a trained JEM (the store's jem run of the "
      "same method, label and seed): AUROC of f(x), max p(y|x) and -|grad f(x)|",
      OodParams(),
      {
          {"auroc_logpx_mean", MetricDirection::kHigherIsBetter, "",
           "AUROC of f(x), in-distribution test images against each OOD set, averaged"},
          {"auroc_maxsoftmax_mean", MetricDirection::kHigherIsBetter, "",
           "AUROC of max_y p(y|x), averaged over the OOD sets"},
          {"auroc_gradnorm_mean", MetricDirection::kHigherIsBetter, "",
           "AUROC of -|grad_x f(x)|, averaged over the OOD sets"},
      },
      "auroc_logpx_mean",
  };
  description.reference = {"supervised", "supervised-only", "the baseline"};
  description.datasets = [](const Params& params) {
    std::vector<std::string> names = RealImageDatasetsOf(params);
    for (const std::string& set : OodSets(params))
      if (!IsSyntheticOodSet(set)) names.push_back(set);
    return names;
  };
  return description;
}

std::vector<std::string> OodSets(const Params& params) {
  const std::string& dataset = params.GetString("dataset");
  if (params.GetString("ood_sets") != "auto") return SplitList(params.GetString("ood_sets"));
  std::vector<std::string> sets;
  if (dataset == "mnist") sets = {"fashion_mnist"};
  if (dataset == "fashion_mnist") sets = {"mnist"};
  if (dataset == "cifar10") sets = {"svhn", "cifar100"};
  if (dataset == "cifar100" || dataset == "svhn") sets = {"cifar10"};
  sets.insert(sets.end(), kSyntheticOodSets.begin(), kSyntheticOodSets.end());
  return sets;
}

bool IsSyntheticOodSet(const std::string& name) {
  for (const std::string& set : kSyntheticOodSets)
    if (set == name) return true;
  return false;
}

const std::vector<TaskDescription>& AllTaskDescriptions() {
  static const std::vector<TaskDescription> all = {
      Toy2dTaskDescription(), NiceTaskDescription(), TabularSslTaskDescription(),
      JemTaskDescription(), OodTaskDescription()};
  return all;
}

const TaskDescription* FindTaskDescription(const std::string& name) {
  for (const TaskDescription& description : AllTaskDescriptions())
    if (description.name == name) return &description;
  return nullptr;
}

}  // namespace ebm

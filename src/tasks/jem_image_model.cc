#include "src/tasks/jem_image_model.h"

#include "src/models/small_conv_net.h"
#include "src/models/wide_resnet.h"
#include "src/tasks/image_classification_data.h"

namespace ebm {

std::vector<ParamSpec> JemImageModelParams() {
  return {
      {"dataset", ParamType::kString, std::string("fashion_mnist"),
       "image data set (see `ebmbench datasets`; synthetic: procedural gratings)",
       ImageClassificationDatasets()},
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

std::unique_ptr<JemClassifier> MakeJemImageModel(const Params& params,
                                                 const std::vector<int64_t>& shape,
                                                 int64_t classes) {
  std::shared_ptr<ClassifierNet> net;
  if (params.GetString("net") == "conv") {
    net = MakeSmallConvNet(shape[0], classes, params.GetInt("conv_width"),
                           params.GetInt("conv_features"));
  } else {
    WideResNetOptions options;
    options.depth = params.GetInt("depth");
    options.width = params.GetInt("width");
    options.dropout = params.GetDouble("dropout");
    options.norm = params.GetString("norm");
    options.in_channels = shape[0];
    options.num_classes = classes;
    net = MakeWideResNet(options);
  }
  // Chains start uniform on [-1, 1], the data's range (JEM).
  return std::make_unique<JemClassifier>(net, shape, classes, /*box=*/1.0);
}

}  // namespace ebm

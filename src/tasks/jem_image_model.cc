#include "src/tasks/jem_image_model.h"

#include "src/models/small_conv_net.h"
#include "src/models/wide_resnet.h"
#include "src/tasks/image_classification_data.h"

namespace ebm {

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

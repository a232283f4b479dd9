#include "src/models/model_choices.h"

namespace ebm {

std::vector<std::string> MlpActivationNames() { return {"leaky_relu", "softplus", "elu"}; }

std::vector<std::string> WideResNetNorms() { return {"none", "batch"}; }

}  // namespace ebm

#include "src/methods/registry.h"

#include "src/methods/exact_ml.h"
#include "src/methods/pcd.h"

namespace ebm {

void RegisterAllMethods(MethodRegistry& registry) {
  registry.Add(MakeExactMlMethodInfo());
  registry.Add(MakePcdMethodInfo());
}

}  // namespace ebm

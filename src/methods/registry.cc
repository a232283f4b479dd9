#include "src/methods/registry.h"

#include "src/methods/exact_ml.h"
#include "src/methods/nce.h"
#include "src/methods/pcd.h"
#include "src/methods/score_matching.h"
#include "src/methods/supervised.h"
#include "src/methods/vat.h"
#include "src/methods/vera.h"

namespace ebm {

void RegisterAllMethods(MethodRegistry& registry) {
  registry.Add(MakeExactMlMethodInfo());
  registry.Add(MakePcdMethodInfo());
  registry.Add(MakeShortRunMethodInfo());
  registry.Add(MakeSlicedScoreMatchingMethodInfo());
  registry.Add(MakeDenoisingScoreMatchingMethodInfo());
  registry.Add(MakeNceMethodInfo());
  registry.Add(MakeVeraMethodInfo());
  registry.Add(MakeVeraHmcMethodInfo());
  registry.Add(MakeGeneratorNoEntropyMethodInfo());
  registry.Add(MakeSupervisedMethodInfo());
  registry.Add(MakeVatMethodInfo());
  registry.Add(MakePcdJemMethodInfo());
  registry.Add(MakeJemVeraMethodInfo());
}

}  // namespace ebm

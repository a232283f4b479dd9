// What each method declares (its name, summary, parameters and what it
// needs of a task), without torch: the commands that only read suite files
// or records take it from here and never load LibTorch. Each method's
// MethodInfo (src/methods/method.h) is this description plus the code that
// builds the method.
#ifndef EBMBENCH_METHODS_METHOD_DESCRIPTIONS_H_
#define EBMBENCH_METHODS_METHOD_DESCRIPTIONS_H_

#include <string>
#include <vector>

#include "src/core/params.h"

namespace ebm {

struct MethodDescription {
  std::string name;
  std::string summary;
  std::vector<ParamSpec> params;
  bool needs_exact_likelihood = false;
  // Trains a classifier on labelled batches (Task::LabeledSize() > 0).
  bool needs_classifier = false;
};

MethodDescription ExactMlMethodDescription();
MethodDescription PcdMethodDescription();
MethodDescription PcdJemMethodDescription();
MethodDescription ShortRunMethodDescription();
MethodDescription SlicedScoreMatchingMethodDescription();
MethodDescription DenoisingScoreMatchingMethodDescription();
MethodDescription NceMethodDescription();
MethodDescription SupervisedMethodDescription();
MethodDescription VatMethodDescription();
MethodDescription VeraMethodDescription();
MethodDescription JemVeraMethodDescription();
MethodDescription VeraHmcMethodDescription();
MethodDescription GeneratorNoEntropyMethodDescription();

// Every method's description, in registration order.
const std::vector<MethodDescription>& AllMethodDescriptions();

// The description of method `name`, or nullptr.
const MethodDescription* FindMethodDescription(const std::string& name);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_METHOD_DESCRIPTIONS_H_

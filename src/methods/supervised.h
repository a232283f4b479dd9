// Method `supervised`: the classifier trained on the labelled examples
// alone (cross-entropy, Adam): the baseline every semi-supervised method
// must beat. The unlabelled batch is ignored.
#ifndef EBMBENCH_METHODS_SUPERVISED_H_
#define EBMBENCH_METHODS_SUPERVISED_H_

#include "src/methods/method.h"

namespace ebm {

MethodInfo MakeSupervisedMethodInfo();

}  // namespace ebm

#endif  // EBMBENCH_METHODS_SUPERVISED_H_

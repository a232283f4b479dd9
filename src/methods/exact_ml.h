// Method `exact_ml`: exact maximum likelihood, loss = -mean log p(x), for
// tasks whose model has a tractable (here: grid-normalized) likelihood.
// The ceiling every approximate method is compared against.
#ifndef EBMBENCH_METHODS_EXACT_ML_H_
#define EBMBENCH_METHODS_EXACT_ML_H_

#include "src/methods/method.h"

namespace ebm {

MethodInfo MakeExactMlMethodInfo();

}  // namespace ebm

#endif  // EBMBENCH_METHODS_EXACT_ML_H_

// Method `pcd`: persistent contrastive divergence with SGLD and a replay
// buffer, as JEM trains (Grathwohl et al. 2020; Du & Mordatch 2019).
// Each step draws chains from the buffer (re-initializing reinit_fraction
// of them from noise), runs sgld_steps of SGLD with the energy in eval mode,
// writes them back, and minimizes -(mean f(data) - mean f(samples)).
#ifndef EBMBENCH_METHODS_PCD_H_
#define EBMBENCH_METHODS_PCD_H_

#include "src/methods/method.h"

namespace ebm {

MethodInfo MakePcdMethodInfo();
// Method `short_run`: the same chains, each started from the model's
// initial noise (Nijkamp et al. 2019), with no buffer.
MethodInfo MakeShortRunMethodInfo();
// Method `pcd_jem`: PCD on a classifier's energy (JEM), with the classifier
// terms of classifier_terms.h and an optional gradient penalty; the
// semi-supervised PCD baseline.
MethodInfo MakePcdJemMethodInfo();

}  // namespace ebm

#endif  // EBMBENCH_METHODS_PCD_H_

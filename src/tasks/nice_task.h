// Task `nice`: the VERA paper's first experiment. A NICE flow (see
// src/models/nice_flow.h) on MNIST or Fashion-MNIST, trained *as an EBM*
// (f = log p_NICE, its normalization ignored by every method but exact ML),
// judged by its exact test log-likelihood.
//
// Pixels p in {0..255} are transformed to the model's space:
//   scaled (default, as the official code): y = 2 p / 255 - 1, no noise;
//   logit: u = (p + noise) / 256, s = alpha + (1 - 2 alpha) u,
//          y = log s - log(1 - s); the dequantization noise is drawn once
//          per example (fixed, so runs resume bit for bit).
// Metrics: test_ll is the mean exact log p(y) in nats in the model's space
// (the number the paper reports); test_bpd is bits per dimension on the
// 8-bit pixel scale, -(log p(y) + log|dy/dp|) / (D ln 2), the transform's
// Jacobian accounted for. Both on the full test set after the last step;
// the *_subset variants on a fixed test subset at every evaluation.
#ifndef EBMBENCH_TASKS_NICE_TASK_H_
#define EBMBENCH_TASKS_NICE_TASK_H_

#include "src/tasks/task.h"

namespace ebm {

TaskInfo MakeNiceTaskInfo();

}  // namespace ebm

#endif  // EBMBENCH_TASKS_NICE_TASK_H_

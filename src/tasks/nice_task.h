// Task `nice`: the VERA paper's first experiment. A NICE flow (see
// src/models/nice_flow.h) on MNIST or Fashion-MNIST, trained *as an EBM*
// (f = log p_NICE, its normalization ignored by every method but exact ML),
// judged by its exact test log-likelihood.
//
// Data: the training images minus a validation split (val_size images
// chosen by split_seed, the same for every run seed), and the test images.
// Pixels p in {0..255} go to the model's space by a PixelTransform
// (src/data/pixel_transform.h): `dequantized` (default) or `logit` add
// uniform noise, redrawn every time a training image is used (from the
// runner's augmentation stream, so a resumed run draws the same) and fixed
// for validation and test images; `scaled` (the official code) adds none
// and is not a likelihood of the data.
// Metrics at every evaluation, on the full validation and test sets:
// val/test_ll, the mean exact log p(y) in nats in the model's space (the
// number the paper reports), and val/test_bpd, bits per dimension on the
// 8-bit pixel scale, -(log p(y) + log|dy/dp|) / (D ln 2), an upper bound of
// the discrete negative log-likelihood for the dequantizing transforms. The
// runner adds best_val/* (every metric at the evaluation with the best
// val_bpd), which selection and early stopping use.
#ifndef EBMBENCH_TASKS_NICE_TASK_H_
#define EBMBENCH_TASKS_NICE_TASK_H_

#include "src/tasks/task.h"

namespace ebm {

TaskInfo MakeNiceTaskInfo();

}  // namespace ebm

#endif  // EBMBENCH_TASKS_NICE_TASK_H_

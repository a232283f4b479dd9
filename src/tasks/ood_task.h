// Task "ood": out-of-distribution detection with a trained JEM (JEM paper,
// section 5; VERA paper, Table 4). It trains nothing: it loads the final
// checkpoint of the finished `jem` run of the same method, label and seed
// with the same data set and network (from the store's artifacts; list the
// jem runs before the ood runs in a suite, and give ood runs steps: 0), and
// scores the in-distribution test images (positives) against each OOD set:
//   logpx      f(x) = logsumexp_y h(x)[y]
//   maxsoftmax max_y p(y|x)
//   gradnorm   -|grad_x f(x)|   (JEM's "approximate mass")
// OOD sets: the other data set (mnist <-> fashion_mnist; svhn and cifar100
// for CIFAR-10), interp (means of two random test images), uniform noise
// on [-1, 1], constant images (one random value per channel).
// Metrics: auroc_<score>_<set>, and auroc_<score>_mean over the sets. AUROC
// is exact, with ties counted one half (src/metrics/auroc.h).
#ifndef EBMBENCH_TASKS_OOD_TASK_H_
#define EBMBENCH_TASKS_OOD_TASK_H_

#include "src/tasks/task.h"

namespace ebm {

TaskInfo MakeOodTaskInfo();

}  // namespace ebm

#endif  // EBMBENCH_TASKS_OOD_TASK_H_

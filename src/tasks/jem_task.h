// Task "jem": a Joint Energy Model on images (Grathwohl et al. 2020; VERA
// paper, section 5). A classifier (Wide-ResNet or small conv net) is trained
// as p(y|x) and as the EBM f(x) = logsumexp_y h(x)[y] on every training
// label: PCD-JEM, JEM-VERA, or supervised-only on the same network.
//
// Metrics: test accuracy, NLL and ECE (with the reliability diagram's bins
// at the end), and sample quality of the method's samples: the Fréchet
// distance in a task-trained classifier's features (sample_quality.h;
// not FID). During training, accuracy/NLL/ECE use the first eval_size test
// images; the final evaluation uses the whole test set.
#ifndef EBMBENCH_TASKS_JEM_TASK_H_
#define EBMBENCH_TASKS_JEM_TASK_H_

#include "src/tasks/task.h"

namespace ebm {

TaskInfo MakeJemTaskInfo();

}  // namespace ebm

#endif  // EBMBENCH_TASKS_JEM_TASK_H_

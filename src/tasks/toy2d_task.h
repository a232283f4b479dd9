// Task `toy2d`: a 2-D density (8gaussians, moons, rings, checkerboard,
// pinwheel) learned by an MLP energy 2-100-100-1 (LeakyReLU 0.2). Every
// method is comparable through the exact test log-likelihood: exp(f) is
// normalized numerically on the box [-box, box]^2 (midpoint rule,
// eval_grid^2 cells; 256^2 on [-5, 5]^2 by default).
#ifndef EBMBENCH_TASKS_TOY2D_TASK_H_
#define EBMBENCH_TASKS_TOY2D_TASK_H_

#include "src/tasks/task.h"

namespace ebm {

TaskInfo MakeToy2dTaskInfo();

}  // namespace ebm

#endif  // EBMBENCH_TASKS_TOY2D_TASK_H_

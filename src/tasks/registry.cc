#include "src/tasks/registry.h"

#include "src/tasks/jem_task.h"
#include "src/tasks/nice_task.h"
#include "src/tasks/ood_task.h"
#include "src/tasks/tabular_ssl_task.h"
#include "src/tasks/toy2d_task.h"

namespace ebm {

void RegisterAllTasks(TaskRegistry& registry) {
  registry.Add(MakeToy2dTaskInfo());
  registry.Add(MakeNiceTaskInfo());
  registry.Add(MakeTabularSslTaskInfo());
  registry.Add(MakeJemTaskInfo());
  registry.Add(MakeOodTaskInfo());
}

}  // namespace ebm

#include "src/suite/catalog.h"

#include "src/methods/method_descriptions.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {

ParamCatalog DescribedCatalog() {
  ParamCatalog catalog;
  for (const TaskDescription& task : AllTaskDescriptions()) catalog.tasks[task.name] = task.params;
  for (const MethodDescription& method : AllMethodDescriptions())
    catalog.methods[method.name] = method.params;
  return catalog;
}

}  // namespace ebm

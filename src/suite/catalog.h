// Every task's and method's parameters, from their torch-free descriptions
// (src/tasks/task_descriptions.h, src/methods/method_descriptions.h): what
// suite files are checked against by the commands that do not load
// LibTorch. Registries::Catalog() (src/suite/runner.h) gives the same for
// the registered tasks and methods.
#ifndef EBMBENCH_SUITE_CATALOG_H_
#define EBMBENCH_SUITE_CATALOG_H_

#include "src/suite/suite_file.h"

namespace ebm {

ParamCatalog DescribedCatalog();

}  // namespace ebm

#endif  // EBMBENCH_SUITE_CATALOG_H_

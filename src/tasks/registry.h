// The tasks ebmbench knows. Adding a task: a file pair in this folder with
// a MakeXxxTaskInfo() function, its description in task_descriptions.cc
// (torch-free, for the commands that only read records), and one line in
// RegisterAllTasks and one in AllTaskDescriptions.
#ifndef EBMBENCH_TASKS_REGISTRY_H_
#define EBMBENCH_TASKS_REGISTRY_H_

#include "src/core/registry.h"
#include "src/tasks/task.h"

namespace ebm {

class TaskRegistry : public Registry<TaskInfo> {
 public:
  void Add(TaskInfo info) {
    const std::string name = info.description.name;
    Registry<TaskInfo>::Add(name, std::move(info));
  }
};

void RegisterAllTasks(TaskRegistry& registry);

}  // namespace ebm

#endif  // EBMBENCH_TASKS_REGISTRY_H_

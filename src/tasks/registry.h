// The tasks ebmbench knows. Adding a task: one folder entry (a file pair
// with a MakeXxxTaskInfo() function) and one line in RegisterAllTasks.
#ifndef EBMBENCH_TASKS_REGISTRY_H_
#define EBMBENCH_TASKS_REGISTRY_H_

#include <map>
#include <string>

#include "src/tasks/task.h"

namespace ebm {

class TaskRegistry {
 public:
  void Add(TaskInfo info);
  // nullptr when unknown.
  const TaskInfo* Find(const std::string& name) const;
  const std::map<std::string, TaskInfo>& all() const { return tasks_; }

 private:
  std::map<std::string, TaskInfo> tasks_;
};

void RegisterAllTasks(TaskRegistry& registry);

}  // namespace ebm

#endif  // EBMBENCH_TASKS_REGISTRY_H_

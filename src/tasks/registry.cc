#include "src/tasks/registry.h"

#include <stdexcept>

#include "src/tasks/toy2d_task.h"

namespace ebm {

void TaskRegistry::Add(TaskInfo info) {
  std::string name = info.description.name;
  if (!tasks_.emplace(name, std::move(info)).second)
    throw std::logic_error("task '" + name + "' registered twice");
}

const TaskInfo* TaskRegistry::Find(const std::string& name) const {
  auto it = tasks_.find(name);
  return it == tasks_.end() ? nullptr : &it->second;
}

void RegisterAllTasks(TaskRegistry& registry) {
  registry.Add(MakeToy2dTaskInfo());
}

}  // namespace ebm

#include "src/methods/registry.h"

#include <stdexcept>

#include "src/methods/exact_ml.h"
#include "src/methods/pcd.h"

namespace ebm {

void MethodRegistry::Add(MethodInfo info) {
  std::string name = info.name;
  if (!methods_.emplace(name, std::move(info)).second)
    throw std::logic_error("method '" + name + "' registered twice");
}

const MethodInfo* MethodRegistry::Find(const std::string& name) const {
  auto it = methods_.find(name);
  return it == methods_.end() ? nullptr : &it->second;
}

void RegisterAllMethods(MethodRegistry& registry) {
  registry.Add(MakeExactMlMethodInfo());
  registry.Add(MakePcdMethodInfo());
}

}  // namespace ebm

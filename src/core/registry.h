// A name -> description map for the extension points (tasks, methods).
// Registries are filled by explicit RegisterAll...() functions, never by
// static initializers that a linker may drop.
#ifndef EBMBENCH_CORE_REGISTRY_H_
#define EBMBENCH_CORE_REGISTRY_H_

#include <map>
#include <stdexcept>
#include <string>
#include <utility>

namespace ebm {

template <typename Info>
class Registry {
 public:
  // Throws std::logic_error when `name` is taken: a programming error.
  void Add(const std::string& name, Info info) {
    if (!entries_.emplace(name, std::move(info)).second)
      throw std::logic_error("'" + name + "' is registered twice");
  }
  // nullptr when unknown.
  const Info* Find(const std::string& name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  }
  const std::map<std::string, Info>& all() const { return entries_; }

 private:
  std::map<std::string, Info> entries_;
};

}  // namespace ebm

#endif  // EBMBENCH_CORE_REGISTRY_H_

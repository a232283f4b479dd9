// What each task declares (its parameters, metrics, reference method,
// collapse rules), without torch: the commands that only read suite files
// or records (list, show, check, baseline, ...) take it from here and never
// load LibTorch. Each task's TaskInfo (src/tasks/registry.h) carries the
// same description beside the code that runs it.
#ifndef EBMBENCH_TASKS_TASK_DESCRIPTIONS_H_
#define EBMBENCH_TASKS_TASK_DESCRIPTIONS_H_

#include <string>
#include <vector>

#include "src/tasks/task_info.h"

namespace ebm {

TaskDescription Toy2dTaskDescription();
TaskDescription NiceTaskDescription();
TaskDescription TabularSslTaskDescription();
TaskDescription JemTaskDescription();
TaskDescription OodTaskDescription();

// The parameters the image JEM tasks (jem, ood) share, which choose the
// data set and the network: dataset, net, depth, width, dropout, norm,
// conv_width, conv_features, synthetic_size, synthetic_classes,
// synthetic_image. An ood run names the values of the jem run it
// evaluates.
std::vector<ParamSpec> JemImageModelParams();

// The sets an ood run scores against the in-distribution test images:
// `ood_sets`, or for "auto" the other data set(s) of its family and the
// synthetic ones (interp, uniform, constant), which are made in memory.
std::vector<std::string> OodSets(const Params& params);
bool IsSyntheticOodSet(const std::string& name);

// tabular_ssl's synthetic data set: Gaussian clusters made in memory.
inline constexpr char kTabularMixtureDataset[] = "mixture";

// Every task's description, in registration order.
const std::vector<TaskDescription>& AllTaskDescriptions();

// The description of task `name`, or nullptr.
const TaskDescription* FindTaskDescription(const std::string& name);

}  // namespace ebm

#endif  // EBMBENCH_TASKS_TASK_DESCRIPTIONS_H_

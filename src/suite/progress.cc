#include "src/suite/progress.h"

#include <cstdio>

namespace ebm {

Progress::Progress(std::ostream& out, std::vector<std::string> labels,
                   std::vector<int64_t> planned_steps)
    : out_(out),
      labels_(std::move(labels)),
      planned_(std::move(planned_steps)),
      done_(planned_.size(), 0) {}

void Progress::Account(size_t index, int64_t steps, double seconds) {
  done_[index] += steps;
  auto& m = measured_[labels_[index]];
  m.first += steps;
  m.second += seconds;
}

void Progress::Close(size_t index) { done_[index] = planned_[index]; }

double Progress::SecondsPerStep(const std::string& label) const {
  auto it = measured_.find(label);
  if (it != measured_.end() && it->second.first > 0)
    return it->second.second / static_cast<double>(it->second.first);
  int64_t steps = 0;
  double seconds = 0;
  for (const auto& [l, m] : measured_) {
    steps += m.first;
    seconds += m.second;
  }
  return steps > 0 ? seconds / static_cast<double>(steps) : 0.0;
}

double Progress::RemainingSeconds() const {
  double total = 0;
  for (size_t i = 0; i < planned_.size(); ++i) {
    int64_t left = planned_[i] - done_[i];
    if (left > 0) total += static_cast<double>(left) * SecondsPerStep(labels_[i]);
  }
  return total;
}

std::string Progress::FormatSeconds(double seconds) {
  char buffer[32];
  if (seconds < 60) {
    std::snprintf(buffer, sizeof(buffer), "%.0fs", seconds);
  } else if (seconds < 3600) {
    std::snprintf(buffer, sizeof(buffer), "%dm%02ds", static_cast<int>(seconds) / 60,
                  static_cast<int>(seconds) % 60);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%dh%02dm", static_cast<int>(seconds) / 3600,
                  (static_cast<int>(seconds) % 3600) / 60);
  }
  return buffer;
}

std::string Progress::Prefix(size_t index) const {
  char buffer[32];
  int width = static_cast<int>(std::to_string(planned_.size()).size());
  std::snprintf(buffer, sizeof(buffer), "[%*zu/%zu] ", width, index + 1,
                planned_.size());
  return buffer;
}

void Progress::Line(size_t index, const std::string& name, int64_t step,
                    const std::string& metrics) {
  double per_step = SecondsPerStep(labels_[index]);
  char timing[128];
  std::snprintf(timing, sizeof(timing), "%.1f ms/step | suite ETA %s",
                per_step * 1e3, FormatSeconds(RemainingSeconds()).c_str());
  out_ << Prefix(index) << name << " | step " << step << "/" << planned_[index]
       << " | " << metrics << " | " << timing << std::endl;
}

void Progress::Note(size_t index, const std::string& name,
                    const std::string& what) {
  out_ << Prefix(index) << name << " | " << what << std::endl;
}

}  // namespace ebm

#include "app/rlimit.hpp"

#include <sys/resource.h>

namespace llmgw::app {

FileLimit raise_open_file_limit() noexcept {
  FileLimit result;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return result;
  result.before = limit.rlim_cur;
  result.after = limit.rlim_cur;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) result.after = raised.rlim_cur;
  }
  return result;
}

}  // namespace llmgw::app

// The embedding API's WASI hook: Linker::define_wasi over wasi::link (wasi/wasi.h). In its own
// file so that programs which never link WASI do not pull in the WASI implementation.
#include "runtime/api/api_internal.h"
#include "wasi/wasi.h"

namespace zwasm::api {

Result<void> Linker::define_wasi(const WasiConfig& config) {
  wasi::Config internal;
  internal.args = config.args;
  internal.env = config.env;
  for (const WasiPreopen& p : config.preopens) internal.preopens.push_back({p.host_path, p.guest_path});
  internal.stdin_fd = config.stdin_fd;
  internal.stdout_fd = config.stdout_fd;
  internal.stderr_fd = config.stderr_fd;
  internal.socket_fds = config.socket_fds;
  auto context = wasi::link(*linker_, store_->store, std::move(internal));
  if (!context.ok()) return detail::to_public(context.error());
  // The WASI functions just defined refer to the context: keep it as long as the store.
  store_->host_state.push_back(std::move(context.value()));
  return {};
}

}  // namespace zwasm::api

// The WASI preview1 adapter's memory: its stack and its state, a page each, in .bss.
//
// The adapter asks the main module for both at its first call, through the export
// `cabi_realloc_adapter` (wit-component links it there when the module has one): its stack
// first, then its state. Handing out fixed blocks in .bss, not malloc blocks, gives three
// things: the blocks are at the same address in every instance of this build (snapshots
// leave them out, see snapshot.c); a session that makes no WASI call never touches them (an
// untouched .bss page costs no memory); and so the adapter need not start in the
// constructors. It starts at the first WASI call, or at adapter_start() before a call that
// needs it started (a clock or entropy read before the adapter's stack exists returns zero).

#include <stdlib.h>
#include <wasi/api.h>

#include "adapter.h"

#define ADAPTER_BLOCK_BYTES (65536)

// The blocks, and how many the adapter has been given. All of it is the instance's own:
// snapshots do not hold it (adapter_memory()).
static struct {
    _Alignas(16) uint8_t stack[ADAPTER_BLOCK_BYTES];
    _Alignas(16) uint8_t state[ADAPTER_BLOCK_BYTES];
    size_t handed;
} adapter;

__attribute__((__export_name__("cabi_realloc_adapter")))
void *cabi_realloc_adapter(void *ptr, size_t old_size, size_t align, size_t new_size) {
    if (ptr != NULL || old_size != 0 || align > 16 || new_size > ADAPTER_BLOCK_BYTES
        || adapter.handed == 2) {
        abort(); // the adapter asks for its two blocks once each, and nothing else
    }
    return adapter.handed++ == 0 ? adapter.stack : adapter.state;
}

// Whether the adapter has its stack and its state, that is, has made its first call.
static bool adapter_started(void) {
    return adapter.handed == 2;
}

void adapter_start(void) {
    if (!adapter_started()) {
        __wasi_fdstat_t stat;
        (void)__wasi_fd_fdstat_get(1, &stat);
    }
}

span_t adapter_memory(void) {
    return (span_t){(uintptr_t)&adapter, (uintptr_t)(&adapter + 1)};
}

// The WASI adapter's memory (adapter.c).
#ifndef MPSANDBOX_ADAPTER_H
#define MPSANDBOX_ADAPTER_H

#include <stdbool.h>

#include "malloc_regions.h"

// Starts the adapter if it has not started. Before a clock or entropy read: those return
// zero while the adapter has no stack.
void adapter_start(void);

// The adapter's blocks, which no snapshot holds: each instance has its own adapter.
span_t adapter_memory(void);

#endif // MPSANDBOX_ADAPTER_H

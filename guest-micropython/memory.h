// Where the guest's memory comes from (memory.c).
#ifndef MPSANDBOX_MEMORY_H
#define MPSANDBOX_MEMORY_H

#include <stdbool.h>
#include <stddef.h>

#include "py/nlr.h"

#include "malloc_regions.h"

// Starts the heap in its first area, [heap, heap + size).
void memory_init(void *heap, size_t size);

// Runs the collection that gc_collect() deferred, if any. Call it only at a top-level
// entry, when no C frame can hold a pointer to a heap object. It also ends what
// memory_collect_above allowed.
void gc_collect_top_level(void);

// Allows collections in the VM whose nlr buffer is pushed right after `base`, the
// entry's: call it just before the entry calls a bytecode function (mp_type_fun_bc)
// directly, with nothing but the entry's frames holding heap pointers in C locals.
void memory_collect_above(nlr_buf_t *base);

// Whether the running VM is the one memory_collect_above allowed: the VM of the bytecode
// function the entry called, with no other C frame between them.
bool memory_in_entry_vm(void);

// The VM loop hook's part (mpconfigport.h): runs the pending collection if the VM is the
// one memory_collect_above allowed.
void memory_collect_in_vm(void);

// Tells whether the guest itself, rather than Python code, is about to allocate on the
// heap: to compile submitted code or to report an error.
void memory_for_guest(bool needs);

// MicroPython's allocation of num_bytes failed (patches/0025): a request larger than the
// address space can hold is reported to the host as a refused growth, so that it is the
// memory limit like any other allocation past the cap.
void memory_alloc_failed(size_t num_bytes);

// realloc for memory that crosses the boundary (results, error texts, what the host
// sends): when malloc fails it draws on the reserve. NULL if even that fails.
void *memory_realloc(void *ptr, size_t size);


// The reserve's payload (empty if it is released): what it holds does not matter.
span_t memory_reserve(void);

#endif // MPSANDBOX_MEMORY_H

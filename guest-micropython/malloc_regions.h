// What malloc (malloc.c) tells snapshots (snapshot.c) about the memory it manages.
#ifndef MPSANDBOX_MALLOC_REGIONS_H
#define MPSANDBOX_MALLOC_REGIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// A stretch of linear memory, [start, end).
typedef struct {
    uintptr_t start;
    uintptr_t end;
} span_t;

// Writes the regions of memory malloc manages (at most max) and returns how many, or
// SIZE_MAX if they are more than max or malloc lost track of them.
size_t malloc_regions(span_t *out, size_t max);

// Calls hole(start, end) for what no one reads in each free block: its payload past the
// free list's links.
void malloc_free_blocks(void (*hole)(uintptr_t start, uintptr_t end));

// Calls visit(start, end, arg) for the payload of each used block, in order of address,
// until it returns false.
void malloc_used_blocks(bool (*visit)(uintptr_t start, uintptr_t end, void *arg), void *arg);

// The end of the highest region malloc manages (0 before the first allocation).
uintptr_t malloc_managed_end(void);

// The pages after the initial memory that malloc leaves to the WASI adapter (empty before
// malloc starts).
span_t malloc_foreign_pages(void);

// Makes the pages between malloc's regions past those, up to the end of memory, free memory
// of malloc: after a restore, the pages that something else held in the saved session.
void malloc_adopt_gaps(void);

// For the time of a snapshot: cuts the top region at the first page past its last used
// block, so that the free memory after it is neither saved nor needed by a restore (the
// restored session grows again from there). Returns whether it cut; malloc_untrim_top undoes
// it. Nothing may be allocated in between.
bool malloc_trim_top(void);
void malloc_untrim_top(void);

// After a restore: the saved state was taken cut, which is now simply how the heap is.
void malloc_forget_trim(void);

// The bytes a block of malloc holds.
size_t malloc_usable_size(void *p);

#endif // MPSANDBOX_MALLOC_REGIONS_H

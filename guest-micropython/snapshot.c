// Snapshots: the exports of the WIT interface `snapshot` (wit/sandbox.wit).
//
// Between calls the interpreter's whole state is in linear memory: the static data from the
// start of .data to __heap_base, and what malloc manages above it (the heap's areas, the
// canonical ABI's blocks, wasi-libc's tables). A snapshot is that memory less what holds
// no state, as regions (address, bytes):
// - the rodata before .data (the same in every instance of this build);
// - the pystack (empty between calls) and the C stack (below the static data);
// - the free tail of each heap area, the payload of malloc's free blocks and of the reserve;
// - the WASI adapter's state and stack (adapter.c) and pages something else grew:
//   capabilities and their descriptors are the restoring instance's;
// - the free pages at the top of the heap (malloc_trim_top);
// - this file's working memory (`work`), which must outlive the restore's copy.
//
// Saving hands the host pointers into memory: no copy in the guest. Restoring happens in a
// fresh instance, in two calls: `prepare` grows memory and records the plan (where each
// region goes); then the host lowers `restore`'s regions, and cabi_realloc (memory.c) asks
// `snapshot_place` where: each region's bytes land at their address, so the canonical ABI's
// copy is the restore. The body of `restore` then only rebinds the capabilities.

#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#include "py/gc.h"
#include "py/mpstate.h"
#include "py/runtime.h"

#include "adapter.h"
#include "files.h"
#include "malloc_regions.h"
#include "memory.h"
#include "sandbox.h"
#include "session.h"
#include "snapshot.h"

#define PAGE_BYTES (65536)

// The most regions a snapshot has; a hole smaller than MIN_HOLE_BYTES is not worth one.
#define MAX_REGIONS (512)
#define MIN_HOLE_BYTES (1024)
#define MAX_HOLES (2 * MAX_REGIONS)

typedef exports_mpsandbox_sandbox_snapshot_region_t region_t;

// The first byte of .data: data_start.c, linked first, so that its only variable starts the
// section (the rodata before it is constant).
extern char mpsandbox_data_start;
extern unsigned char __heap_base;

// Working memory, outside every snapshot: the regions handed out by `save` (and the buffer
// that `restore`'s list of regions is lowered into), and the plan of a restore, which
// cabi_realloc reads while the regions overwrite everything else.
static struct {
    span_t spans[MAX_REGIONS];
    span_t holes[MAX_HOLES];
    size_t n_holes;
    region_t regions[MAX_REGIONS];
    // The restore in progress: where each region goes, and which comes next (-1: the list
    // itself comes first).
    span_t plan[MAX_REGIONS];
    size_t n_plan;
    int next;
    bool placing;
} work;

static void set_error(sandbox_string_t *err, const char *text) {
    sandbox_string_dup(err, text);
}

/******************************************************************************/
// What to save.

static void add_hole(uintptr_t start, uintptr_t end) {
    if (end - start >= MIN_HOLE_BYTES && work.n_holes < MAX_HOLES) {
        work.holes[work.n_holes++] = (span_t){start, end};
    }
}

// Sorts the holes by address (insertion sort: they are few, and mostly in order already).
static void sort_holes(void) {
    for (size_t i = 1; i < work.n_holes; ++i) {
        span_t hole = work.holes[i];
        size_t j = i;
        for (; j > 0 && work.holes[j - 1].start > hole.start; --j) {
            work.holes[j] = work.holes[j - 1];
        }
        work.holes[j] = hole;
    }
}

// The free tail of each heap area: blocks past the last one allocated.
static void add_heap_holes(void) {
    for (mp_state_mem_area_t *area = &MP_STATE_MEM(area); area != NULL; area = area->next) {
        size_t last = area->gc_alloc_table_byte_len;
        while (last > 0 && area->gc_alloc_table_start[last - 1] == 0) {
            --last;
        }
        // Each byte of the allocation table describes 4 blocks.
        uintptr_t used_end = (uintptr_t)area->gc_pool_start + last * 4 * MICROPY_BYTES_PER_GC_BLOCK;
        add_hole(used_end, (uintptr_t)area->gc_pool_end);
    }
}

// Writes the regions: each span less the holes in it. Returns how many, or -1 if too many.
static int cut(const span_t *spans, size_t n_spans) {
    sort_holes();
    size_t n = 0;
    size_t h = 0;
    for (size_t s = 0; s < n_spans; ++s) {
        uintptr_t at = spans[s].start;
        uintptr_t end = spans[s].end;
        for (; at < end; ) {
            while (h < work.n_holes && work.holes[h].end <= at) {
                ++h;
            }
            uintptr_t stop = end;
            uintptr_t resume = end;
            if (h < work.n_holes && work.holes[h].start < end) {
                stop = MAX(at, work.holes[h].start);
                resume = MIN(end, work.holes[h].end);
            }
            if (stop > at) {
                if (n == MAX_REGIONS) {
                    return -1;
                }
                work.regions[n++] = (region_t){
                    .address = at,
                    .bytes = {.ptr = (uint8_t *)at, .len = stop - at},
                };
            }
            at = resume;
        }
    }
    return n;
}

bool exports_mpsandbox_sandbox_snapshot_save(exports_mpsandbox_sandbox_snapshot_image_t *ret, sandbox_string_t *err) {
    session_enter();
    // With files open, a collection first: it closes those nothing refers to any more. (Not
    // always: marking a large heap costs more than saving its garbage.)
    if (files_open_count() > 0) {
        gc_collect();
        session_at_top_level();
    }
    if (files_open_count() > 0) {
        set_error(err, "a file or directory listing is open: close it (or drop it) before taking a snapshot; open files cannot be carried");
        return false;
    }
    // Nothing allocates from here to the post-return (or the error), which undoes the cut.
    malloc_trim_top();
    size_t n_spans = 0;
    work.spans[n_spans++] = (span_t){(uintptr_t)&mpsandbox_data_start, (uintptr_t)&__heap_base};
    work.n_holes = 0;
    size_t n_malloc = malloc_regions(work.spans + n_spans, MAX_REGIONS - n_spans);
    if (n_malloc == SIZE_MAX) {
        malloc_untrim_top();
        set_error(err, "memory is too fragmented to take a snapshot");
        return false;
    }
    n_spans += n_malloc;
    malloc_free_blocks(add_hole);
    add_heap_holes();
    add_hole((uintptr_t)MP_STATE_THREAD(pystack_start), (uintptr_t)MP_STATE_THREAD(pystack_end));
    add_hole((uintptr_t)&work, (uintptr_t)(&work + 1));
    span_t reserve = memory_reserve();
    add_hole(reserve.start, reserve.end);
    span_t adapter = adapter_memory();
    add_hole(adapter.start, adapter.end);
    uintptr_t memory = 0;
    for (size_t i = 0; i < n_spans; ++i) {
        memory = MAX(memory, (work.spans[i].end + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES);
    }
    int n = cut(work.spans, n_spans);
    if (n < 0 || work.n_holes == MAX_HOLES) {
        malloc_untrim_top();
        set_error(err, "memory is too fragmented to take a snapshot");
        return false;
    }
    ret->memory = memory;
    ret->regions.ptr = work.regions;
    ret->regions.len = n;
    return true;
}

// The regions are this file's working memory: nothing to free but an error's text; the top
// region's cut is undone.
__attribute__((__export_name__("cabi_post_mpsandbox:sandbox/snapshot@0.1.0#save")))
void __wasm_export_exports_mpsandbox_sandbox_snapshot_save_post_return(uint8_t *ret) {
    malloc_untrim_top();
    if (ret[0] == 1) {
        sandbox_string_t text = {
            .ptr = *(uint8_t **)(ret + sizeof(void *)),
            .len = *(size_t *)(ret + 2 * sizeof(void *)),
        };
        sandbox_string_free(&text);
    }
}

/******************************************************************************/
// Restoring.

static bool overlaps(span_t a, uintptr_t start, uintptr_t end) {
    return a.start < end && start < a.end;
}

bool exports_mpsandbox_sandbox_snapshot_prepare(uint32_t memory, sandbox_list_tuple2_u32_u32_t *plan, sandbox_string_t *err) {
    const char *problem = NULL;
    uintptr_t lowest = (uintptr_t)&mpsandbox_data_start;
    size_t have = __builtin_wasm_memory_size(0);
    if (session_started() || work.placing) {
        problem = "a snapshot can only be restored into a fresh instance";
    } else if (have * PAGE_BYTES > MAX(malloc_managed_end(), malloc_foreign_pages().end)) {
        // Something grew memory past the pages malloc leaves it: the regions could
        // overwrite it.
        problem = "a snapshot can only be restored into a fresh instance (memory is in use)";
    } else if (memory % PAGE_BYTES != 0 || plan->len == 0 || plan->len > MAX_REGIONS) {
        problem = "the snapshot's layout does not fit this build";
    } else {
        for (size_t i = 0; i < plan->len && problem == NULL; ++i) {
            uintptr_t start = plan->ptr[i].f0;
            uintptr_t end = start + plan->ptr[i].f1;
            if (plan->ptr[i].f1 == 0 || end < start || start < lowest || end > memory
                || overlaps((span_t){(uintptr_t)&work, (uintptr_t)(&work + 1)}, start, end)
                || overlaps(malloc_foreign_pages(), start, end)
                || overlaps(adapter_memory(), start, end)) {
                problem = "the snapshot's layout does not fit this build";
            }
            work.plan[i] = (span_t){start, end};
            lowest = end;
        }
    }
    if (problem == NULL && memory > have * PAGE_BYTES
        && (intptr_t)__builtin_wasm_memory_grow(0, memory / PAGE_BYTES - have) < 0) {
        problem = "the snapshot needs more memory than this session may have";
    }
    size_t n_plan = plan->len;
    sandbox_list_tuple2_u32_u32_free(plan);
    if (problem != NULL) {
        set_error(err, problem);
        return false;
    }
    work.n_plan = n_plan;
    work.next = -1;
    work.placing = true;
    return true;
}

bool snapshot_placing(void) {
    return work.placing;
}

void *snapshot_place(size_t align, size_t size) {
    if (work.next < 0) {
        // The list of regions itself.
        work.next = 0;
        if (size > sizeof(work.regions) || align > _Alignof(region_t)) {
            abort();
        }
        return work.regions;
    }
    size_t i = work.next++;
    if (i >= work.n_plan || work.plan[i].end - work.plan[i].start != size) {
        abort(); // the host lowers what it planned, or the instance is lost
    }
    if (i + 1 == work.n_plan) {
        work.placing = false;
    }
    return (void *)work.plan[i].start;
}

// Seeds `random` again from this instance's entropy, if the state has imported it.
static void reseed_random(void) {
    mp_map_elem_t *loaded = mp_map_lookup(&MP_STATE_VM(mp_loaded_modules_dict).map,
        MP_OBJ_NEW_QSTR(MP_QSTR_random), MP_MAP_LOOKUP);
    if (loaded == NULL) {
        return;
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_call_function_0(mp_load_attr(loaded->value, MP_QSTR_seed));
        nlr_pop();
    }
}

bool exports_mpsandbox_sandbox_snapshot_restore(exports_mpsandbox_sandbox_snapshot_list_region_t *regions, bool rebind, bool reseed, sandbox_string_t *err) {
    // Memory now holds the saved state, this file's working memory aside.
    bool complete = !work.placing && work.next == (int)work.n_plan && regions->len == work.n_plan;
    work.placing = false;
    work.n_plan = 0;
    if (!complete) {
        set_error(err, "the snapshot's regions do not match its plan");
        return false;
    }
    // The saved state was taken with the top region cut: the cut is kept. Pages that were
    // not malloc's when the state was saved (the saved adapter's) are free memory here.
    malloc_forget_trim();
    malloc_adopt_gaps();
    if (rebind || reseed) {
        session_enter();
    }
    if (rebind) {
        files_remount_grants();
        session_bind_builtins();
    }
    if (reseed) {
        reseed_random();
    }
    return true;
}

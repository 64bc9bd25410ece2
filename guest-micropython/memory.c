// Where the guest's memory comes from.
//
// The Python heap and malloc share linear memory, which the host caps.
//
// Garbage collection: values held in wasm locals live outside linear memory, where
// the collector cannot scan them, so a collection at an arbitrary point could free live
// objects. gc_collect() (whether the allocator or Python's gc.collect() calls it) only
// records that a collection is due. It runs at one of two kinds of safe points, where
// the only roots are MicroPython's root pointers and the pystack:
// - a top-level entry, before any Python code runs;
// - the loop hook of the VM that an entry started on a bytecode function (a backward
//   jump, between two opcodes), when no other C frame than the VM's and the entry's is
//   live: its nlr buffer is the first pushed after the entry's (see memory_collect_above).
//   Code running in a nested VM (called back from C: a generator, a closure, a key
//   function, __init__) waits until control is back in that outermost VM.
// Until then the heap grows by areas allocated with malloc (MICROPY_GC_SPLIT_HEAP_AUTO),
// and empty areas go back to malloc when collected.
//
// The reserve: the canonical ABI allocates with malloc what crosses the boundary (the
// host's arguments, results, error texts), and has no way to fail but a trap. A heap
// grown to the cap would leave nothing for it, and a session could not even report
// its MemoryError. So a block is held back from the heap: the heap grows only while
// the whole reserve is held, and a failed malloc for the boundary releases it. The
// guest's own needs (compiling, reporting an error) may borrow small areas from it,
// down to half its size: a session whose heap is full of live data can still compile
// `del data`.

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "py/gc.h"
#include "py/misc.h"
#include "py/mpstate.h"
#include "py/nlr.h"

#include "memory.h"
#include "snapshot.h"

#define RESERVE_BYTES (1024 * 1024)

#define MIN_COLLECT_THRESHOLD_BYTES (16 * 1024)

// The smallest heap area worth adding, and what one costs malloc.
#define MIN_AREA_BYTES (16 * 1024)
#define MIN_AREA_COST (MIN_AREA_BYTES + 64)

bool mpsandbox_collect_pending;
static nlr_buf_t *collect_base;
static void *reserve;
static size_t reserve_bytes;
static bool guest_needs;

void gc_collect(void) {
    mpsandbox_collect_pending = true;
}

// The sum of the heap's areas.
static size_t heap_bytes(void) {
    size_t total = 0;
    for (mp_state_mem_area_t *area = &MP_STATE_MEM(area); area != NULL; area = area->next) {
        total += area->gc_pool_end - area->gc_alloc_table_start;
    }
    return total;
}

// A collection is requested once half the heap's size, or as much as the live data,
// whichever is more, has been allocated since the last one: often enough that garbage
// rarely makes the heap grow much; seldom enough that code building up live data does not
// mark all of it again and again (after a collection, allocation also has to search the
// heap again from its start). A quarter of the heap made string and dict work spend 20%
// more of its time collecting, for about 20% less memory.
static void set_collect_threshold(size_t live_bytes) {
    size_t bytes = MAX(MIN_COLLECT_THRESHOLD_BYTES, MAX(heap_bytes() / 2, live_bytes));
    MP_STATE_MEM(gc_alloc_threshold) = bytes / MICROPY_BYTES_PER_GC_BLOCK;
}

void memory_init(void *heap, size_t size) {
    gc_init(heap, (uint8_t *)heap + size);
    set_collect_threshold(0);
}

// The bytes of the heap's blocks in use. Each byte of an area's allocation table holds four
// 2-bit entries, 0 for a free block: counting the non-zero ones a word at a time is several
// times cheaper than gc_info(), which also measures free runs.
static size_t used_bytes(void) {
    size_t blocks = 0;
    for (mp_state_mem_area_t *area = &MP_STATE_MEM(area); area != NULL; area = area->next) {
        const byte *table = area->gc_alloc_table_start;
        size_t len = area->gc_alloc_table_byte_len;
        size_t i = 0;
        for (; i + sizeof(uint32_t) <= len; i += sizeof(uint32_t)) {
            uint32_t entries;
            memcpy(&entries, table + i, sizeof(entries));
            blocks += __builtin_popcount((entries | (entries >> 1)) & 0x55555555u);
        }
        for (; i < len; i++) {
            blocks += __builtin_popcount((table[i] | (table[i] >> 1)) & 0x55u);
        }
    }
    return blocks * MICROPY_BYTES_PER_GC_BLOCK;
}

static void collect(void) {
    mpsandbox_collect_pending = false;
    gc_collect_start();
    gc_collect_end();
    set_collect_threshold(used_bytes());
    // A collection is work the poll interval does not count: ask the host at the next
    // hook whether to stop, so that a loop collecting at every turn still stops on time.
    mpsandbox_poll_countdown = 0;
}

void gc_collect_top_level(void) {
    collect_base = NULL;
    if (mpsandbox_collect_pending) {
        collect();
    }
}

void memory_collect_above(nlr_buf_t *base) {
    collect_base = base;
}

bool memory_in_entry_vm(void) {
    nlr_buf_t *top = MP_STATE_THREAD(nlr_top);
    return collect_base != NULL && top != NULL && top->prev == collect_base;
}

void memory_collect_in_vm(void) {
    if (memory_in_entry_vm() && !gc_is_locked()) {
        collect();
    }
}

// Whether malloc can provide size bytes now. The pointer goes through a volatile so
// that the compiler keeps the malloc it would otherwise drop as unused.
static bool malloc_can_provide(size_t size) {
    void *volatile block = malloc(size);
    if (block == NULL) {
        return false;
    }
    free(block);
    return true;
}

// The largest heap area that may be added now: gc_try_add_heap() adds
// MIN(this, MAX(size of the heap, failed allocation)). The reserve comes first. Then,
// while the heap can still double, there is no limit; closer to the cap the answer is
// the largest fraction of the heap's size that fits, so that the heap fills the cap
// instead of failing at the first doubling that does not fit. (gc.mem_free() asks too;
// its probe may leave memory in malloc's pool.)
size_t gc_get_max_new_split(void) {
    if (reserve_bytes < RESERVE_BYTES) {
        void *block = realloc(reserve, RESERVE_BYTES);
        if (block != NULL) {
            reserve = block;
            reserve_bytes = RESERVE_BYTES;
        }
    }
    if (reserve_bytes == RESERVE_BYTES) {
        size_t total = heap_bytes();
        for (size_t size = total; size >= MIN_AREA_BYTES; size /= 2) {
            if (malloc_can_provide(size)) {
                return size == total ? SIZE_MAX : size;
            }
        }
    }
    if (guest_needs && reserve_bytes >= RESERVE_BYTES / 2 + MIN_AREA_COST) {
        // Shrinking in place frees the tail of the block for the area.
        reserve_bytes -= MIN_AREA_COST;
        reserve = realloc(reserve, reserve_bytes);
        return MIN_AREA_BYTES;
    }
    return 0;
}

// Linear memory's pages can number at most this many (4 GiB) on wasm32.
#define MAX_PAGES (65536)
#define PAGE_BYTES (65536)

void memory_alloc_failed(size_t num_bytes) {
    // An allocation the address space cannot hold ([None] * 10**9) never reaches the host,
    // which learns of the memory limit from the growth it refuses. Ask it for all the
    // address space left: under any cap below 4 GiB that is refused, and recorded.
    size_t pages = __builtin_wasm_memory_size(0);
    uint64_t left = (uint64_t)(MAX_PAGES - pages) * PAGE_BYTES;
    if (num_bytes > SIZE_MAX / 2 || num_bytes > left) {
        (void)__builtin_wasm_memory_grow(0, MAX_PAGES - pages);
    }
}

void memory_for_guest(bool needs) {
    guest_needs = needs;
}

void *memory_realloc(void *ptr, size_t size) {
    void *block = realloc(ptr, size);
    if (block == NULL && reserve != NULL) {
        free(reserve);
        reserve = NULL;
        reserve_bytes = 0;
        block = realloc(ptr, size);
    }
    return block;
}

// The canonical ABI's allocator, replacing the weak one of the bindings: it lowers
// the host's arguments and host function results into the guest.
__attribute__((__export_name__("cabi_realloc")))
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    if (new_size == 0) {
        return (void *)align;
    }
    if (snapshot_placing()) {
        return snapshot_place(align, new_size);
    }
    void *block = memory_realloc(ptr, new_size);
    if (block == NULL) {
        abort(); // the ABI cannot fail otherwise
    }
    return block;
}

span_t memory_reserve(void) {
    return (span_t){(uintptr_t)reserve, (uintptr_t)reserve + (reserve != NULL ? reserve_bytes : 0)};
}

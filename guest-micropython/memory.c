// Where the guest's memory comes from.
//
// The Python heap and malloc share linear memory, which the host caps.
//
// Garbage collection: values held in wasm locals live outside linear memory, where
// the collector cannot scan them, so a collection in the middle of execution could
// free live objects. As in MicroPython's webassembly port, gc_collect() (whether the
// allocator or Python's gc.collect() calls it) only records that a collection is due;
// it runs at the next top-level entry, when the only roots are MicroPython's root
// pointers and the pystack. Until then the heap grows by areas allocated with malloc
// (MICROPY_GC_SPLIT_HEAP_AUTO), and empty areas go back to malloc when collected.
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

#include "py/gc.h"
#include "py/misc.h"
#include "py/mpstate.h"

#include "memory.h"

#define RESERVE_BYTES (1024 * 1024)

#define MIN_COLLECT_THRESHOLD_BYTES (16 * 1024)

// The smallest heap area worth adding, and what one costs malloc.
#define MIN_AREA_BYTES (16 * 1024)
#define MIN_AREA_COST (MIN_AREA_BYTES + 64)

static bool collect_pending;
static void *reserve;
static size_t reserve_bytes;
static bool guest_needs;

void gc_collect(void) {
    collect_pending = true;
}

// The sum of the heap's areas.
static size_t heap_bytes(void) {
    size_t total = 0;
    for (mp_state_mem_area_t *area = &MP_STATE_MEM(area); area != NULL; area = area->next) {
        total += area->gc_pool_end - area->gc_alloc_table_start;
    }
    return total;
}

// A collection is requested once a quarter of the heap's size has been allocated
// since the last one: often enough that garbage rarely makes the heap grow, seldom
// enough that a session holding much live data does not mark all of it at every entry.
static void set_collect_threshold(void) {
    MP_STATE_MEM(gc_alloc_threshold) = MAX(MIN_COLLECT_THRESHOLD_BYTES, heap_bytes() / 4) / MICROPY_BYTES_PER_GC_BLOCK;
}

void memory_init(void *heap, size_t size) {
    gc_init(heap, (uint8_t *)heap + size);
    set_collect_threshold();
}

void gc_collect_top_level(void) {
    if (collect_pending) {
        collect_pending = false;
        gc_collect_start();
        gc_collect_end();
        set_collect_threshold();
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
    void *block = memory_realloc(ptr, new_size);
    if (block == NULL) {
        abort(); // the ABI cannot fail otherwise
    }
    return block;
}

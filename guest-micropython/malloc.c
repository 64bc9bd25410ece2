// The C heap: malloc and its family, replacing zig's libc allocator.
//
// zig's allocator for wasm rounds every block up to a power of two and never merges
// or splits free blocks. Here malloc mostly serves large blocks (the areas of
// MicroPython's split heap) and what crosses the component boundary: with zig's
// allocator an area would waste up to half of the host's memory cap, and the memory
// of a freed area could not serve anything else. This is a first-fit allocator that
// splits and merges blocks and grows linear memory as needed; its free list stays
// short, since MicroPython's own heap serves the small objects.
//
// A block is a header (the previous block's size, this block's size and two flags)
// followed by the payload, 16-byte aligned. Sizes are multiples of 16, header
// included; the previous size is kept only while that block is free, so that freeing
// can merge with both neighbours. A free block's payload links it into the free list.
// Each region of linear memory ends with an empty block marked used.

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "malloc_regions.h"

typedef struct _block_t {
    size_t prev_size;
    size_t size;
    struct _block_t *next; // free blocks only
    struct _block_t *prev; // free blocks only
} block_t;

#define USED      (1) // in size: this block is allocated
#define PREV_USED (2) // in size: the block before is allocated (or there is none)
#define FLAGS     (USED | PREV_USED)

#define HEADER_SIZE  (offsetof(block_t, next))
#define MIN_BLOCK    (sizeof(block_t))
#define ALIGNMENT    (16)
#define PAGE_SIZE    (65536)

#define BLOCK_SIZE(b) ((b)->size & ~(size_t)FLAGS)
#define NEXT_BLOCK(b) ((block_t *)((char *)(b) + BLOCK_SIZE(b)))
#define PAYLOAD(b)    ((void *)((char *)(b) + HEADER_SIZE))
#define BLOCK(p)      ((block_t *)((char *)(p) - HEADER_SIZE))

extern unsigned char __heap_base;

static block_t *free_list;
static block_t *heap_end; // the end marker of the region that grows
static bool started;

// The regions, for snapshots: each [start, end), with its end marker just before end. The
// one that holds heap_end grows. Past MAX_REGIONS, snapshots are refused.
#define MAX_REGIONS (64)
static span_t regions[MAX_REGIONS];
static size_t n_regions;
static bool regions_lost;

// The pages right after the heap's first region, which the heap leaves to the WASI adapter:
// it may grow memory at its first call in instances with granted directories, not in
// others; a snapshot of either must fit the other (snapshot.c). The adapter starts at the
// first WASI call (adapter.c), when memory may have grown past them: pages grown by
// something else in between become a region of their own (below).
#define FOREIGN_PAGES (2)
static span_t foreign;

static void unlink_block(block_t *b) {
    if (b->prev != NULL) {
        b->prev->next = b->next;
    } else {
        free_list = b->next;
    }
    if (b->next != NULL) {
        b->next->prev = b->prev;
    }
}

// Makes b, of the given size, a free block: merges it with free neighbours and puts
// it on the free list.
static void release(block_t *b, size_t size) {
    block_t *next = (block_t *)((char *)b + size);
    if (!(next->size & USED)) {
        unlink_block(next);
        size += BLOCK_SIZE(next);
    }
    if (!(b->size & PREV_USED)) {
        block_t *prev = (block_t *)((char *)b - b->prev_size);
        unlink_block(prev);
        size += BLOCK_SIZE(prev);
        b = prev;
    }
    b->size = size | PREV_USED; // no two free blocks are neighbours
    next = NEXT_BLOCK(b);
    next->prev_size = size;
    next->size &= ~(size_t)PREV_USED;
    b->prev = NULL;
    b->next = free_list;
    if (free_list != NULL) {
        free_list->prev = b;
    }
    free_list = b;
}

// Turns [start, end), at least a page, into a region: a free block and the end marker.
static void add_region(uintptr_t start, uintptr_t end) {
    // Payloads are aligned: headers start 8 bytes before a multiple of 16.
    start = ((start + HEADER_SIZE + ALIGNMENT - 1) & ~(uintptr_t)(ALIGNMENT - 1)) - HEADER_SIZE;
    if (n_regions < MAX_REGIONS) {
        regions[n_regions++] = (span_t){start, end};
    } else {
        regions_lost = true;
    }
    block_t *b = (block_t *)start;
    heap_end = (block_t *)(end - HEADER_SIZE);
    heap_end->size = 0 | USED | PREV_USED;
    b->size = USED | PREV_USED;
    release(b, (uintptr_t)heap_end - start);
}

// Grows linear memory so that a block of size can be allocated at the end.
static bool grow(size_t size) {
    for (;;) {
        size_t have = 0;
        if (!(heap_end->size & PREV_USED)) {
            have = heap_end->prev_size; // the free block before the end marker
        }
        if (have >= size) {
            return true;
        }
        size_t pages = (size - have + PAGE_SIZE - 1) / PAGE_SIZE;
        uintptr_t end = (uintptr_t)heap_end + HEADER_SIZE;
        size_t now = __builtin_wasm_memory_size(0);
        if (now * PAGE_SIZE < foreign.end
            && (intptr_t)__builtin_wasm_memory_grow(0, foreign.end / PAGE_SIZE - now) < 0) {
            return false;
        }
        intptr_t old_pages = (intptr_t)__builtin_wasm_memory_grow(0, pages);
        if (old_pages < 0) {
            return false;
        }
        uintptr_t start = (uintptr_t)old_pages * PAGE_SIZE;
        if (start == end) {
            // Contiguous: the end marker becomes the header of the new free space.
            block_t *b = heap_end;
            heap_end = (block_t *)(end + pages * PAGE_SIZE - HEADER_SIZE);
            size_t i = 0;
            while (i < n_regions && regions[i].end != end) {
                ++i;
            }
            if (i < n_regions) {
                regions[i].end = end + pages * PAGE_SIZE;
            } else {
                regions_lost = true;
            }
            heap_end->size = 0 | USED;
            release(b, (uintptr_t)heap_end - (uintptr_t)b);
        } else {
            // Something else grew memory in between (the WASI adapter allocates its own
            // pages): a region of its own, which the next round grows if it is too small.
            add_region(start, start + pages * PAGE_SIZE);
        }
    }
}

// The heap starts after the static data, in the rest of the initial memory, grown to at
// least START_BYTES: what the constructors allocate (wasi-libc's tables) fits in it, and
// FOREIGN_PAGES follow it, in the same place in every instance.
#define START_BYTES (128 * 1024)

static bool start_heap(void) {
    uintptr_t start = (uintptr_t)&__heap_base;
    uintptr_t end = __builtin_wasm_memory_size(0) * PAGE_SIZE;
    if (end - start < START_BYTES) {
        size_t pages = (START_BYTES - (end - start) + PAGE_SIZE - 1) / PAGE_SIZE;
        if ((intptr_t)__builtin_wasm_memory_grow(0, pages) < 0) {
            return false;
        }
        end += pages * PAGE_SIZE;
    }
    add_region(start, end);
    foreign = (span_t){end, end + FOREIGN_PAGES * PAGE_SIZE};
    started = true;
    return true;
}

// The block size that holds n bytes, or 0 if none can.
static size_t block_size_for(size_t n) {
    if (n > SIZE_MAX / 2) {
        return 0;
    }
    size_t size = (n + HEADER_SIZE + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    return size < MIN_BLOCK ? MIN_BLOCK : size;
}

// Keeps size bytes of the used block b and frees the rest, if that makes a block.
static void trim(block_t *b, size_t size) {
    size_t rest = BLOCK_SIZE(b) - size;
    if (rest >= MIN_BLOCK) {
        b->size = size | (b->size & FLAGS);
        block_t *r = NEXT_BLOCK(b);
        r->size = USED | PREV_USED;
        release(r, rest);
    }
}

void *malloc(size_t n) {
    size_t size = block_size_for(n);
    if ((!started && !start_heap()) || size == 0) {
        errno = ENOMEM;
        return NULL;
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        for (block_t *b = free_list; b != NULL; b = b->next) {
            if (BLOCK_SIZE(b) >= size) {
                unlink_block(b);
                b->size |= USED;
                NEXT_BLOCK(b)->size |= PREV_USED;
                trim(b, size);
                return PAYLOAD(b);
            }
        }
        if (!grow(size)) {
            break;
        }
    }
    errno = ENOMEM;
    return NULL;
}

void free(void *p) {
    if (p != NULL) {
        block_t *b = BLOCK(p);
        release(b, BLOCK_SIZE(b));
    }
}

void *realloc(void *p, size_t n) {
    if (p == NULL) {
        return malloc(n);
    }
    if (n == 0) {
        free(p);
        return NULL;
    }
    size_t size = block_size_for(n);
    if (size == 0) {
        errno = ENOMEM;
        return NULL;
    }
    block_t *b = BLOCK(p);
    block_t *next = NEXT_BLOCK(b);
    if (BLOCK_SIZE(b) < size && !(next->size & USED) && BLOCK_SIZE(b) + BLOCK_SIZE(next) >= size) {
        // Grow in place into the free block that follows.
        unlink_block(next);
        b->size += BLOCK_SIZE(next);
        NEXT_BLOCK(b)->size |= PREV_USED;
    }
    if (BLOCK_SIZE(b) >= size) {
        trim(b, size);
        return p;
    }
    void *q = malloc(n);
    if (q != NULL) {
        memcpy(q, p, BLOCK_SIZE(b) - HEADER_SIZE);
        free(p);
    }
    return q;
}

void *calloc(size_t count, size_t n) {
    if (n != 0 && count > SIZE_MAX / n) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(count * n);
    if (p != NULL) {
        memset(p, 0, count * n);
    }
    return p;
}

// The rest of the family, so that no block of zig's allocator meets this free().
// Nothing in the guest needs an alignment beyond malloc's own.

void *aligned_alloc(size_t alignment, size_t n) {
    if (alignment > ALIGNMENT) {
        errno = EINVAL;
        return NULL;
    }
    return malloc(n);
}

void *memalign(size_t alignment, size_t n) {
    return aligned_alloc(alignment, n);
}

void *valloc(size_t n) {
    return aligned_alloc(PAGE_SIZE, n);
}

int posix_memalign(void **out, size_t alignment, size_t n) {
    void *p = aligned_alloc(alignment, n);
    if (p == NULL) {
        return errno;
    }
    *out = p;
    return 0;
}

void *reallocarray(void *p, size_t count, size_t n) {
    if (n != 0 && count > SIZE_MAX / n) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, count * n);
}

size_t malloc_usable_size(void *p) {
    return p == NULL ? 0 : BLOCK_SIZE(BLOCK(p)) - HEADER_SIZE;
}

// zig's libc implements strdup and strndup in Zig, on its own bump allocator over
// memory.grow: blocks this heap does not know, in pages a snapshot leaves out, freed with this
// free(). wasi-libc keeps its preopens' prefixes that way, so a state restored into an
// instance with grants pointed at memory the instance did not have. Ours use malloc.

char *strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy != NULL) {
        memcpy(copy, s, n);
    }
    return copy;
}

char *strndup(const char *s, size_t max) {
    size_t n = strnlen(s, max);
    char *copy = malloc(n + 1);
    if (copy != NULL) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

/******************************************************************************/
// For snapshots (malloc_regions.h).

size_t malloc_regions(span_t *out, size_t max) {
    if (regions_lost || n_regions > max) {
        return SIZE_MAX;
    }
    memcpy(out, regions, n_regions * sizeof(span_t));
    return n_regions;
}

void malloc_free_blocks(void (*hole)(uintptr_t start, uintptr_t end)) {
    for (size_t i = 0; i < n_regions; ++i) {
        for (block_t *b = (block_t *)regions[i].start; BLOCK_SIZE(b) != 0; b = NEXT_BLOCK(b)) {
            if (!(b->size & USED)) {
                hole((uintptr_t)b + sizeof(block_t), (uintptr_t)NEXT_BLOCK(b));
            }
        }
    }
}

void malloc_used_blocks(bool (*visit)(uintptr_t start, uintptr_t end, void *arg), void *arg) {
    for (size_t i = 0; i < n_regions; ++i) {
        for (block_t *b = (block_t *)regions[i].start; BLOCK_SIZE(b) != 0; b = NEXT_BLOCK(b)) {
            if ((b->size & USED) && !visit((uintptr_t)PAYLOAD(b), (uintptr_t)NEXT_BLOCK(b), arg)) {
                return;
            }
        }
    }
}

uintptr_t malloc_managed_end(void) {
    uintptr_t end = 0;
    for (size_t i = 0; i < n_regions; ++i) {
        end = regions[i].end > end ? regions[i].end : end;
    }
    return end;
}

// A cut of the top region for a snapshot (malloc_trim_top), and how to undo it.
static struct {
    bool active;
    block_t *free_block;
    size_t free_size; // with its flags
    block_t *end_marker;
    size_t region;
    uintptr_t region_end;
} trimmed;

bool malloc_trim_top(void) {
    if (trimmed.active || !started || (heap_end->size & PREV_USED)) {
        return false;
    }
    uintptr_t old_end = (uintptr_t)heap_end + HEADER_SIZE;
    size_t region = 0;
    while (region < n_regions && regions[region].end != old_end) {
        ++region;
    }
    block_t *free_block = (block_t *)((char *)heap_end - heap_end->prev_size);
    // Keep a minimal free block, and the new end marker after it, on whole pages.
    uintptr_t cut = ((uintptr_t)free_block + MIN_BLOCK + HEADER_SIZE + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
    if (region == n_regions || cut >= old_end) {
        return false;
    }
    trimmed = (typeof(trimmed)){true, free_block, free_block->size, heap_end, region, old_end};
    block_t *marker = (block_t *)(cut - HEADER_SIZE);
    size_t size = (uintptr_t)marker - (uintptr_t)free_block;
    free_block->size = size | (free_block->size & FLAGS);
    marker->prev_size = size;
    marker->size = 0 | USED;
    heap_end = marker;
    regions[region].end = cut;
    return true;
}

void malloc_forget_trim(void) {
    trimmed.active = false;
}

void malloc_untrim_top(void) {
    if (!trimmed.active) {
        return;
    }
    trimmed.free_block->size = trimmed.free_size;
    heap_end = trimmed.end_marker;
    regions[trimmed.region].end = trimmed.region_end;
    trimmed.active = false;
}

span_t malloc_foreign_pages(void) {
    return foreign;
}

void malloc_adopt_gaps(void) {
    uintptr_t memory_end = __builtin_wasm_memory_size(0) * PAGE_SIZE;
    size_t n = n_regions;
    for (uintptr_t at = foreign.end; at < memory_end;) {
        // The region that starts first at or past `at`, if any.
        uintptr_t next = memory_end;
        uintptr_t next_end = memory_end;
        for (size_t i = 0; i < n; ++i) {
            if (regions[i].end > at && regions[i].start < next) {
                next = regions[i].start;
                next_end = regions[i].end;
            }
        }
        if (next <= at) {
            at = next_end;
            continue;
        }
        // [at, next): whole pages that no region holds.
        uintptr_t start = (at + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
        if (next >= start + PAGE_SIZE) {
            block_t *keep = heap_end;
            add_region(start, next);
            heap_end = keep; // growth continues from the region at the top
        }
        at = next_end;
    }
}

// Snapshots (snapshot.c): what the canonical ABI's allocator (memory.c) asks during a restore.
#ifndef MPSANDBOX_SNAPSHOT_H
#define MPSANDBOX_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

// Whether the lists the host lowers now are a restore's regions, placed by snapshot_place.
bool snapshot_placing(void);

// Where the next list of a restore goes: the buffer for the list of regions, then each
// region's address. Traps if the host lowers other than it planned.
void *snapshot_place(size_t align, size_t size);

#endif // MPSANDBOX_SNAPSHOT_H

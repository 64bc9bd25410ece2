// The first variable of .data: the link puts this file first, so that snapshots (snapshot.c)
// know where writable memory starts (wasm-ld places .rodata before .data, and has no symbol
// for the boundary). xtask checks after the link that it is where the writable data starts.
char mpsandbox_data_start = 1;

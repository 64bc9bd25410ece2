// The session's entries (main.c), for the other exports (snapshot.c).
#ifndef MPSANDBOX_SESSION_H
#define MPSANDBOX_SESSION_H

#include <stdbool.h>

// Begins a top-level entry: starts the interpreter on the first, and clears what an
// earlier entry may have left behind (a stop request, a heap lock, scheduled callbacks).
void session_enter(void);

// With no Python frame live: clears the pystack and runs a pending collection.
void session_at_top_level(void);

// Whether the interpreter has started (an entry has run in this instance).
bool session_started(void);

// Installs the builtins the session adds: exit(), quit(), and the host's functions by name.
void session_bind_builtins(void);

#endif // MPSANDBOX_SESSION_H

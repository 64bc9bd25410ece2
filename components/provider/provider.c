// The provider: what the sandbox imports beyond WASI, as a component.
//
// - mpsandbox:sandbox/host-functions: Python's `host` module gets `echo`, `now` and
//   `time_left` (see NAMES below).
// - mpsandbox:sandbox/control: `should-stop` answers from a deadline on wasi:clocks'
//   monotonic clock, which whoever drives the sandbox sets through
//   mpsandbox:compose/deadline (the HTTP front does, before each snippet).
// - wasi:http/outgoing-handler: every outbound request is denied, so Python's `requests`
//   reaches no network whatever the platform running the composition allows.
#include <stdlib.h>
#include <string.h>

#include "provider.h"

typedef exports_mpsandbox_sandbox_types_value_node_t node_t;
typedef exports_mpsandbox_sandbox_types_value_t value_t;

#define TAG(name) EXPORTS_MPSANDBOX_SANDBOX_TYPES_VALUE_NODE_##name

/******************************************************************************/
// deadline and control

static bool has_deadline;
static uint64_t deadline_ns;

void exports_mpsandbox_compose_deadline_set_budget(uint64_t *maybe_budget_ns) {
    has_deadline = maybe_budget_ns != NULL;
    if (has_deadline) {
        uint64_t now = wasi_clocks_monotonic_clock_now();
        deadline_ns = *maybe_budget_ns > UINT64_MAX - now ? UINT64_MAX : now + *maybe_budget_ns;
    }
}

bool exports_mpsandbox_compose_deadline_remaining(uint64_t *ret) {
    if (!has_deadline) {
        return false;
    }
    uint64_t now = wasi_clocks_monotonic_clock_now();
    *ret = now >= deadline_ns ? 0 : deadline_ns - now;
    return true;
}

bool exports_mpsandbox_sandbox_control_should_stop(void) {
    return has_deadline && wasi_clocks_monotonic_clock_now() >= deadline_ns;
}

/******************************************************************************/
// host functions

// The names Python sees, in `host.names()` order.
static const char *const NAMES[] = {
    // echo(x): returns x unchanged (a round trip of any value through the component).
    "echo",
    // now(): seconds since 1970-01-01T00:00:00Z (wasi:clocks/wall-clock), a float.
    "now",
    // time_left(): seconds left before the deadline, a float; None without one.
    "time_left",
};

#define N_NAMES (sizeof NAMES / sizeof NAMES[0])

static void set_string(provider_string_t *out, const char *text) {
    size_t len = strlen(text);
    out->ptr = malloc(len ? len : 1);
    if (out->ptr == NULL) {
        abort();
    }
    memcpy(out->ptr, text, len);
    out->len = len;
}

void exports_mpsandbox_sandbox_host_functions_names(provider_list_string_t *ret) {
    ret->ptr = malloc(N_NAMES * sizeof *ret->ptr);
    if (ret->ptr == NULL) {
        abort();
    }
    ret->len = N_NAMES;
    for (size_t i = 0; i < N_NAMES; i++) {
        set_string(&ret->ptr[i], NAMES[i]);
    }
}

// A value of one node.
static void set_single(value_t *out, node_t node) {
    out->nodes.ptr = malloc(sizeof(node_t));
    if (out->nodes.ptr == NULL) {
        abort();
    }
    out->nodes.ptr[0] = node;
    out->nodes.len = 1;
}

static bool name_is(const provider_string_t *name, const char *text) {
    return name->len == strlen(text) && memcmp(name->ptr, text, name->len) == 0;
}

bool exports_mpsandbox_sandbox_host_functions_invoke(
    provider_string_t *name,
    exports_mpsandbox_sandbox_host_functions_list_value_t *args,
    exports_mpsandbox_sandbox_host_functions_list_tuple2_string_value_t *kwargs,
    exports_mpsandbox_sandbox_host_functions_value_t *ret,
    provider_string_t *err) {
    bool ok = true;
    size_t want_args = name_is(name, "echo") ? 1 : 0;
    if (args->len != want_args || kwargs->len != 0) {
        set_string(err, want_args ? "takes exactly one argument" : "takes no arguments");
        ok = false;
    } else if (name_is(name, "echo")) {
        // The argument moves into the result.
        *ret = args->ptr[0];
        args->ptr[0].nodes.ptr = NULL;
        args->ptr[0].nodes.len = 0;
    } else if (name_is(name, "now")) {
        wasi_clocks_wall_clock_datetime_t t;
        wasi_clocks_wall_clock_now(&t);
        node_t node = {.tag = TAG(FLOAT)};
        node.val.float_ = (double)t.seconds + t.nanoseconds / 1e9;
        set_single(ret, node);
    } else if (name_is(name, "time_left")) {
        uint64_t left;
        node_t node = {.tag = TAG(NONE)};
        if (exports_mpsandbox_compose_deadline_remaining(&left)) {
            node.tag = TAG(FLOAT);
            node.val.float_ = left / 1e9;
        }
        set_single(ret, node);
    } else {
        set_string(err, "no such host function");
        ok = false;
    }
    exports_mpsandbox_sandbox_host_functions_list_value_free(args);
    exports_mpsandbox_sandbox_host_functions_list_tuple2_string_value_free(kwargs);
    provider_string_free(name);
    return ok;
}

/******************************************************************************/
// outbound HTTP: denied

bool exports_wasi_http_outgoing_handler_handle(
    exports_wasi_http_outgoing_handler_own_outgoing_request_t request,
    exports_wasi_http_outgoing_handler_own_request_options_t *maybe_options,
    exports_wasi_http_outgoing_handler_own_future_incoming_response_t *ret,
    exports_wasi_http_outgoing_handler_error_code_t *err) {
    wasi_http_types_outgoing_request_drop_own(request);
    if (maybe_options != NULL) {
        wasi_http_types_request_options_drop_own(*maybe_options);
    }
    err->tag = WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_DENIED;
    return false;
}

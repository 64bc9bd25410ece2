// The HTTP front: serves `POST /exec` with the sandbox it is composed with.
//
// Each request runs in a fresh instance of the composition (wasmtime serve, Spin and
// wasmCloud instantiate per request), so each gets a fresh interpreter. The front runs
// prelude.py (print capture, request parsing in Python's own json), then each snippet with
// its time budget set on the provider's deadline (the provider answers the sandbox's
// `control.should-stop` from it), and answers with one JSON object per snippet, in the shape
// of the CLI's `--json`.
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http_front.h"
#include "prelude.h"

typedef http_front_string_t str_t;
typedef mpsandbox_sandbox_types_value_t value_t;
typedef mpsandbox_sandbox_types_value_node_t node_t;
typedef mpsandbox_sandbox_types_error_t error_t;

#define TAG(name) MPSANDBOX_SANDBOX_TYPES_VALUE_NODE_##name

// The largest request body, in bytes (a larger one is refused with 413).
#define MAX_BODY_BYTES (1 << 20)
// The time budget of the front's own calls into the interpreter (the prelude, reading the
// request, collecting output), in nanoseconds.
#define HELPER_BUDGET_NS 2000000000ull
// Nesting deeper than this is written as null (the sandbox sends at most 512 levels).
#define MAX_JSON_DEPTH 600

static str_t str_of(const char *text) {
    return (str_t){(uint8_t *)text, strlen(text)};
}

static void set_budget(uint64_t ns) {
    mpsandbox_compose_deadline_set_budget(&ns);
}

/******************************************************************************/
// JSON of values and errors

static void json_value(buf_t *b, const value_t *v, uint32_t index, int depth);

// A dict key: a str as itself, anything else as its JSON text (as the CLI does).
static void json_key(buf_t *b, const value_t *v, uint32_t index, int depth) {
    const node_t *node = &v->nodes.ptr[index];
    if (node->tag == TAG(STR)) {
        buf_json_str(b, (const char *)node->val.str.ptr, node->val.str.len);
        return;
    }
    buf_t key = {0};
    json_value(&key, v, index, depth);
    buf_json_str(b, key.data, key.len);
    buf_free(&key);
}

static void json_items(buf_t *b, const value_t *v, uint32_t parent, const uint32_t *items,
    size_t n, int depth) {
    buf_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i) {
            buf_puts(b, ",");
        }
        json_value(b, v, items[i] > parent ? items[i] : v->nodes.len, depth + 1);
    }
    buf_puts(b, "]");
}

static void json_value(buf_t *b, const value_t *v, uint32_t index, int depth) {
    if (index >= v->nodes.len || depth > MAX_JSON_DEPTH) {
        buf_puts(b, "null");
        return;
    }
    const node_t *node = &v->nodes.ptr[index];
    switch (node->tag) {
        case TAG(BOOLEAN):
            buf_puts(b, node->val.boolean ? "true" : "false");
            break;
        case TAG(INT):
            buf_printf(b, "%lld", (long long)node->val.int_);
            break;
        case TAG(BIG_INT):
            // Decimal digits with an optional sign: valid JSON as it is.
            buf_put(b, (const char *)node->val.big_int.ptr, node->val.big_int.len);
            break;
        case TAG(FLOAT):
            buf_json_float(b, node->val.float_);
            break;
        case TAG(STR):
            buf_json_str(b, (const char *)node->val.str.ptr, node->val.str.len);
            break;
        case TAG(BYTES):
            buf_puts(b, "[");
            for (size_t i = 0; i < node->val.bytes.len; i++) {
                buf_printf(b, i ? ",%u" : "%u", node->val.bytes.ptr[i]);
            }
            buf_puts(b, "]");
            break;
        case TAG(LIST):
            json_items(b, v, index, node->val.list.ptr, node->val.list.len, depth);
            break;
        case TAG(TUPLE):
            json_items(b, v, index, node->val.tuple.ptr, node->val.tuple.len, depth);
            break;
        case TAG(DICT):
            buf_puts(b, "{");
            for (size_t i = 0; i < node->val.dict.len; i++) {
                uint32_t key = node->val.dict.ptr[i].f0, item = node->val.dict.ptr[i].f1;
                if (i) {
                    buf_puts(b, ",");
                }
                json_key(b, v, key > index ? key : v->nodes.len, depth + 1);
                buf_puts(b, ":");
                json_value(b, v, item > index ? item : v->nodes.len, depth + 1);
            }
            buf_puts(b, "}");
            break;
        default:
            buf_puts(b, "null");
    }
}

static void json_field_str(buf_t *b, const char *name, const str_t *s) {
    buf_printf(b, "\"%s\":", name);
    buf_json_str(b, (const char *)s->ptr, s->len);
}

// The text of line `line` (1-based) of `code`.
static void json_line_of(buf_t *b, const str_t *code, uint32_t line) {
    const char *p = (const char *)code->ptr, *end = p + code->len;
    for (uint32_t i = 1; i < line && p < end; i++) {
        const char *nl = memchr(p, '\n', end - p);
        p = nl ? nl + 1 : end;
    }
    if (line == 0 || p >= end) {
        buf_puts(b, "null");
        return;
    }
    const char *nl = memchr(p, '\n', end - p);
    buf_json_str(b, p, (nl ? nl : end) - p);
}

static bool is_str(const str_t *s, const char *text) {
    return s->len == strlen(text) && memcmp(s->ptr, text, s->len) == 0;
}

// The `error` member for a failed snippet that ran `used_ms` of its `budget_ms`.
static void json_error(buf_t *b, const error_t *e, const str_t *code, bool timed_out,
    uint64_t budget_ms, uint64_t used_ms) {
    switch (e->tag) {
        case MPSANDBOX_SANDBOX_TYPES_ERROR_SYNTAX: {
            const mpsandbox_sandbox_types_syntax_error_t *s = &e->val.syntax;
            buf_puts(b, "{\"kind\":\"syntax\",");
            json_field_str(b, "type", &s->type_name);
            buf_puts(b, ",");
            json_field_str(b, "message", &s->message);
            buf_printf(b, ",\"line\":%u,\"column\":", s->line);
            if (s->column.is_some) {
                buf_printf(b, "%u", s->column.val);
            } else {
                buf_puts(b, "null");
            }
            buf_puts(b, ",\"text\":");
            json_line_of(b, code, s->line);
            buf_puts(b, "}");
            break;
        }
        case MPSANDBOX_SANDBOX_TYPES_ERROR_EXCEPTION: {
            const mpsandbox_sandbox_types_exception_t *x = &e->val.exception;
            if (timed_out && is_str(&x->type_name, "KeyboardInterrupt")) {
                buf_printf(b,
                    "{\"kind\":\"limit\",\"limit\":\"time\",\"value\":%llu,\"used\":%llu,"
                    "\"message\":\"time limit of %llu ms exceeded (ran %llu ms)\","
                    "\"exception\":{",
                    (unsigned long long)budget_ms, (unsigned long long)used_ms,
                    (unsigned long long)budget_ms, (unsigned long long)used_ms);
                json_field_str(b, "type", &x->type_name);
                buf_puts(b, ",");
                json_field_str(b, "traceback", &x->traceback);
                buf_puts(b, "}}");
                break;
            }
            buf_puts(b, "{\"kind\":\"exception\",");
            json_field_str(b, "type", &x->type_name);
            buf_puts(b, ",");
            json_field_str(b, "message", &x->message);
            buf_puts(b, ",");
            json_field_str(b, "traceback", &x->traceback);
            buf_puts(b, "}");
            break;
        }
        case MPSANDBOX_SANDBOX_TYPES_ERROR_EXIT:
            buf_printf(b, "{\"kind\":\"exit\",\"code\":%d}", (int)e->val.exit);
            break;
        default:
            buf_puts(b, "{\"kind\":\"internal\",\"message\":\"unknown error\"}");
    }
}

/******************************************************************************/
// the interpreter

// Calls the global `name` with `args`; true with *ret set on success.
static bool call(const char *name, value_t *args, size_t n_args, value_t *ret, error_t *err) {
    str_t wit_name = str_of(name);
    mpsandbox_sandbox_session_list_value_t wit_args = {args, n_args};
    mpsandbox_sandbox_session_list_tuple2_string_value_t kwargs = {NULL, 0};
    return mpsandbox_sandbox_session_call(&wit_name, &wit_args, &kwargs, ret, err);
}

// Writes the output captured since the last call: `"stdout":...,"stderr":...,` and the
// truncation flags. Output the snippet's code made unreadable (by replacing the prelude's
// names) is empty.
static void json_output(buf_t *b) {
    set_budget(HELPER_BUDGET_NS);
    value_t out;
    error_t err;
    const char *texts[2] = {"\"\"", "\"\""};
    bool truncated[2] = {false, false};
    buf_t parts[2] = {{0}, {0}};
    if (call("_mps_take_output", NULL, 0, &out, &err)) {
        const node_t *root = out.nodes.len ? &out.nodes.ptr[0] : NULL;
        if (root && root->tag == TAG(TUPLE) && root->val.tuple.len == 4) {
            for (int i = 0; i < 2; i++) {
                uint32_t text = root->val.tuple.ptr[i], flag = root->val.tuple.ptr[i + 2];
                if (text > 0 && text < out.nodes.len && out.nodes.ptr[text].tag == TAG(STR)) {
                    const str_t *s = &out.nodes.ptr[text].val.str;
                    buf_json_str(&parts[i], (const char *)s->ptr, s->len);
                    texts[i] = parts[i].data;
                }
                if (flag > 0 && flag < out.nodes.len
                    && out.nodes.ptr[flag].tag == TAG(BOOLEAN)) {
                    truncated[i] = out.nodes.ptr[flag].val.boolean;
                }
            }
        }
        mpsandbox_sandbox_types_value_free(&out);
    } else {
        mpsandbox_sandbox_types_error_free(&err);
    }
    buf_printf(b, "\"stdout\":%s,\"stderr\":%s,\"stdout_truncated\":%s,\"stderr_truncated\":%s,",
        texts[0], texts[1], truncated[0] ? "true" : "false", truncated[1] ? "true" : "false");
    buf_free(&parts[0]);
    buf_free(&parts[1]);
}

// Runs one snippet with its budget and appends its JSON object; false if it failed.
static bool run_snippet(buf_t *b, str_t *code, uint64_t budget_ms) {
    mpsandbox_sandbox_session_exec_result_t result;
    error_t err;
    set_budget(budget_ms * 1000000ull);
    uint64_t start = wasi_clocks_monotonic_clock_now();
    bool ok = mpsandbox_sandbox_session_exec(code, &result, &err);
    uint64_t elapsed_ns = wasi_clocks_monotonic_clock_now() - start;
    uint64_t left = 1;
    bool timed_out = mpsandbox_compose_deadline_remaining(&left) && left == 0;
    buf_puts(b, "{");
    json_output(b);
    buf_puts(b, "\"value\":");
    if (ok && result.value.is_some) {
        json_value(b, &result.value.val, 0, 0);
    } else {
        buf_puts(b, "null");
    }
    buf_puts(b, ",\"repr\":");
    if (ok && result.repr.is_some) {
        buf_json_str(b, (const char *)result.repr.val.ptr, result.repr.val.len);
    } else {
        buf_puts(b, "null");
    }
    buf_puts(b, ",\"error\":");
    if (ok) {
        buf_puts(b, "null");
        mpsandbox_sandbox_session_exec_result_free(&result);
    } else {
        json_error(b, &err, code, timed_out, budget_ms, elapsed_ns / 1000000);
        mpsandbox_sandbox_types_error_free(&err);
    }
    buf_printf(b, ",\"usage\":{\"wall_ms\":%.3f,\"fuel\":null,\"memory_bytes\":null}}",
        elapsed_ns / 1e6);
    return ok;
}

/******************************************************************************/
// HTTP

// Sends `status` with the JSON `body` (and an `allow` header when `allow` is set).
static void respond(wasi_http_types_own_response_outparam_t out, uint16_t status,
    const buf_t *body, const char *allow) {
    wasi_http_types_own_fields_t headers = wasi_http_types_constructor_fields();
    wasi_http_types_borrow_fields_t borrowed = wasi_http_types_borrow_fields(headers);
    wasi_http_types_header_error_t header_err;
    wasi_http_types_field_name_t name = str_of("content-type");
    wasi_http_types_field_value_t value = {(uint8_t *)"application/json", 16};
    wasi_http_types_method_fields_append(borrowed, &name, &value, &header_err);
    if (allow) {
        name = str_of("allow");
        value = (wasi_http_types_field_value_t){(uint8_t *)allow, strlen(allow)};
        wasi_http_types_method_fields_append(borrowed, &name, &value, &header_err);
    }
    wasi_http_types_own_outgoing_response_t response =
        wasi_http_types_constructor_outgoing_response(headers);
    wasi_http_types_borrow_outgoing_response_t r =
        wasi_http_types_borrow_outgoing_response(response);
    wasi_http_types_method_outgoing_response_set_status_code(r, status);
    wasi_http_types_own_outgoing_body_t body_handle;
    wasi_http_types_method_outgoing_response_body(r, &body_handle);
    wasi_http_types_result_own_outgoing_response_error_code_t result = {.is_err = false};
    result.val.ok = response;
    wasi_http_types_static_response_outparam_set(out, &result);

    wasi_http_types_own_output_stream_t stream;
    if (wasi_http_types_method_outgoing_body_write(
            wasi_http_types_borrow_outgoing_body(body_handle), &stream)) {
        wasi_io_streams_borrow_output_stream_t s = wasi_io_streams_borrow_output_stream(stream);
        // blocking-write-and-flush takes at most 4096 bytes at a time.
        for (size_t done = 0; done < body->len;) {
            size_t n = body->len - done < 4096 ? body->len - done : 4096;
            http_front_list_u8_t chunk = {(uint8_t *)body->data + done, n};
            wasi_io_streams_stream_error_t stream_err;
            if (!wasi_io_streams_method_output_stream_blocking_write_and_flush(
                    s, &chunk, &stream_err)) {
                break;
            }
            done += n;
        }
        wasi_io_streams_output_stream_drop_own(stream);
    }
    wasi_http_types_error_code_t finish_err;
    if (!wasi_http_types_static_outgoing_body_finish(body_handle, NULL, &finish_err)) {
        wasi_http_types_error_code_free(&finish_err);
    }
}

// Sends a JSON error `{"error": {"kind": kind, "message": message}}`.
static void respond_error(wasi_http_types_own_response_outparam_t out, uint16_t status,
    const char *kind, const char *message, size_t message_len, const char *allow) {
    buf_t body = {0};
    buf_printf(&body, "{\"error\":{\"kind\":\"%s\",\"message\":", kind);
    buf_json_str(&body, message, message_len);
    buf_puts(&body, "}}");
    respond(out, status, &body, allow);
    buf_free(&body);
}

// Reads the request body into *body; false if it is larger than MAX_BODY_BYTES.
static bool read_body(wasi_http_types_borrow_incoming_request_t request, buf_t *body) {
    wasi_http_types_own_incoming_body_t incoming;
    if (!wasi_http_types_method_incoming_request_consume(request, &incoming)) {
        return true;
    }
    bool fits = true;
    wasi_http_types_own_input_stream_t stream;
    if (wasi_http_types_method_incoming_body_stream(
            wasi_http_types_borrow_incoming_body(incoming), &stream)) {
        wasi_io_streams_borrow_input_stream_t s = wasi_io_streams_borrow_input_stream(stream);
        for (;;) {
            http_front_list_u8_t chunk;
            wasi_io_streams_stream_error_t err;
            if (!wasi_io_streams_method_input_stream_blocking_read(s, 65536, &chunk, &err)) {
                break;
            }
            if (body->len + chunk.len > MAX_BODY_BYTES) {
                fits = false;
            } else {
                buf_put(body, (const char *)chunk.ptr, chunk.len);
            }
            http_front_list_u8_free(&chunk);
            if (!fits) {
                break;
            }
        }
        wasi_io_streams_input_stream_drop_own(stream);
    }
    wasi_http_types_incoming_body_drop_own(incoming);
    return fits;
}

// The path of `path_with_query` before any `?` is `/exec`.
static bool is_exec_path(const str_t *path) {
    size_t n = 0;
    while (n < path->len && path->ptr[n] != '?') {
        n++;
    }
    return n == 5 && memcmp(path->ptr, "/exec", 5) == 0;
}

// Runs the request body's snippets; answers 200 with the results, or 400.
static void serve_exec(wasi_http_types_own_response_outparam_t out, buf_t *request_body) {
    set_budget(HELPER_BUDGET_NS);
    str_t prelude = str_of(PRELUDE_PY);
    mpsandbox_sandbox_session_exec_result_t prelude_result;
    error_t err;
    if (!mpsandbox_sandbox_session_exec(&prelude, &prelude_result, &err)) {
        mpsandbox_sandbox_types_error_free(&err);
        static const char message[] = "the front's prelude failed";
        respond_error(out, 500, "internal", message, sizeof message - 1, NULL);
        return;
    }
    mpsandbox_sandbox_session_exec_result_free(&prelude_result);

    node_t body_node = {.tag = TAG(BYTES)};
    body_node.val.bytes.ptr = (uint8_t *)request_body->data;
    body_node.val.bytes.len = request_body->len;
    value_t arg = {{&body_node, 1}};
    value_t request;
    if (!call("_mps_read_request", &arg, 1, &request, &err)) {
        if (err.tag == MPSANDBOX_SANDBOX_TYPES_ERROR_EXCEPTION) {
            const str_t *m = &err.val.exception.message;
            respond_error(out, 400, "bad_request", (const char *)m->ptr, m->len, NULL);
        } else {
            static const char message[] = "the request could not be read";
            respond_error(out, 400, "bad_request", message, sizeof message - 1, NULL);
        }
        mpsandbox_sandbox_types_error_free(&err);
        return;
    }
    // [snippets (a list of str), timeout_ms (an int)], as prelude.py returns it.
    const node_t *nodes = request.nodes.ptr;
    size_t n_nodes = request.nodes.len;
    const node_t *snippets = NULL;
    uint64_t budget_ms = 0;
    if (n_nodes >= 3 && nodes[0].tag == TAG(LIST) && nodes[0].val.list.len == 2) {
        uint32_t s = nodes[0].val.list.ptr[0], t = nodes[0].val.list.ptr[1];
        if (s > 0 && s < n_nodes && nodes[s].tag == TAG(LIST)) {
            snippets = &nodes[s];
        }
        if (t > 0 && t < n_nodes && nodes[t].tag == TAG(INT) && nodes[t].val.int_ > 0) {
            budget_ms = (uint64_t)nodes[t].val.int_;
        }
    }
    if (snippets == NULL || budget_ms == 0) {
        mpsandbox_sandbox_types_value_free(&request);
        static const char message[] = "the front's request reader answered nonsense";
        respond_error(out, 500, "internal", message, sizeof message - 1, NULL);
        return;
    }
    buf_t results = {0};
    buf_puts(&results, "[");
    for (size_t i = 0; i < snippets->val.list.len; i++) {
        uint32_t index = snippets->val.list.ptr[i];
        if (index == 0 || index >= n_nodes || nodes[index].tag != TAG(STR)) {
            break;
        }
        if (i) {
            buf_puts(&results, ",");
        }
        str_t code = nodes[index].val.str;
        if (!run_snippet(&results, &code, budget_ms)) {
            break;
        }
    }
    buf_puts(&results, "]");
    mpsandbox_sandbox_types_value_free(&request);
    respond(out, 200, &results, NULL);
    buf_free(&results);
}

void exports_wasi_http_incoming_handler_handle(
    exports_wasi_http_incoming_handler_own_incoming_request_t request,
    exports_wasi_http_incoming_handler_own_response_outparam_t out) {
    wasi_http_types_borrow_incoming_request_t req = wasi_http_types_borrow_incoming_request(request);
    str_t path = {NULL, 0};
    wasi_http_types_method_incoming_request_path_with_query(req, &path);
    bool exec_path = is_exec_path(&path);
    http_front_string_free(&path);
    wasi_http_types_method_t method;
    wasi_http_types_method_incoming_request_method(req, &method);
    bool post = method.tag == WASI_HTTP_TYPES_METHOD_POST;
    wasi_http_types_method_free(&method);
    if (!exec_path) {
        wasi_http_types_incoming_request_drop_own(request);
        static const char message[] = "not found: the service answers POST /exec";
        respond_error(out, 404, "not_found", message, sizeof message - 1, NULL);
        return;
    }
    if (!post) {
        wasi_http_types_incoming_request_drop_own(request);
        static const char message[] = "method not allowed: use POST";
        respond_error(out, 405, "method_not_allowed", message, sizeof message - 1, "POST");
        return;
    }
    buf_t body = {0};
    bool fits = read_body(req, &body);
    wasi_http_types_incoming_request_drop_own(request);
    if (!fits) {
        buf_free(&body);
        static const char message[] = "the body is larger than 1 MiB";
        respond_error(out, 413, "too_large", message, sizeof message - 1, NULL);
        return;
    }
    serve_exec(out, &body);
    buf_free(&body);
}

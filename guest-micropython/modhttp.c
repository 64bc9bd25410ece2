// The `_http` module: one blocking HTTP request over the WIT imports of
// `wasi:http/outgoing-handler`. Python's `requests` (modules/requests/) is built on it.
//
//     _http.request(method, scheme, authority, path_and_query, headers, body, timeout)
//         -> (status, [(name, value_bytes), ...], content_bytes)
//
// `headers` is a list of (str, str) pairs, `body` bytes or None, `timeout` seconds or None.
// Failures raise `_http.Error(kind, message)`, kind one of "denied", "connect_timeout",
// "read_timeout", "too_large", "invalid", "connection"; the message names the host.
// Headers the host forbids the guest to set (Host, Connection...) are left out.
//
// The host decides what may leave the machine (see host/src/http/): a request to a host
// it does not allow fails with `http-request-denied` before anything is sent.
//
// Waiting for the response or the body polls in slices, asking the host between them
// whether the running call must stop, so a timeout interrupts a slow server. Every WASI
// handle lives in one `call_t` and is dropped on every path, exceptions included: Python
// allocations that can raise happen inside one nlr frame whose handler drops them.

#include <stdarg.h>
#include <string.h>

#include "py/mphal.h"
#include "py/objexcept.h"
#include "py/runtime.h"

#include "sandbox.h"
#include "value.h"

// How long one wait lasts before the guest asks the host whether to stop.
#define SLICE_NS (10 * 1000 * 1000)

// Bytes asked for at once when writing the request body and reading the response body.
#define CHUNK (64 * 1024)

MP_DEFINE_EXCEPTION(Error, Exception)

// Every handle of one request; 0 is never a valid handle. Dropped children first.
typedef struct {
    wasi_io_poll_own_pollable_t timer;
    wasi_io_poll_own_pollable_t pollable;
    wasi_io_streams_own_output_stream_t out_stream;
    wasi_http_types_own_outgoing_body_t out_body;
    wasi_io_streams_own_input_stream_t in_stream;
    wasi_http_types_own_incoming_body_t in_body;
    wasi_http_types_own_fields_t fields;
    wasi_http_types_own_incoming_response_t response;
    wasi_http_types_own_future_incoming_response_t future;
    wasi_http_types_own_outgoing_request_t request;
    wasi_http_types_own_request_options_t options;
    const char *authority;
} call_t;

static void drop_all(call_t *c) {
    #define DROP(field, fn) if (c->field.__handle) { fn(c->field); c->field.__handle = 0; }
    DROP(timer, wasi_io_poll_pollable_drop_own);
    DROP(pollable, wasi_io_poll_pollable_drop_own);
    DROP(out_stream, wasi_io_streams_output_stream_drop_own);
    DROP(out_body, wasi_http_types_outgoing_body_drop_own);
    DROP(in_stream, wasi_io_streams_input_stream_drop_own);
    DROP(in_body, wasi_http_types_incoming_body_drop_own);
    DROP(fields, wasi_http_types_fields_drop_own);
    DROP(response, wasi_http_types_incoming_response_drop_own);
    DROP(future, wasi_http_types_future_incoming_response_drop_own);
    DROP(request, wasi_http_types_outgoing_request_drop_own);
    DROP(options, wasi_http_types_request_options_drop_own);
    #undef DROP
}

static NORETURN void raise_error(const char *kind, mp_obj_t message) {
    mp_obj_t args[2] = {MP_OBJ_NEW_QSTR(qstr_from_str(kind)), message};
    nlr_raise(mp_obj_new_exception_args(&mp_type_Error, 2, args));
}

static NORETURN void raise_errorf(const char *kind, const char *fmt, ...) {
    vstr_t vstr;
    mp_print_t print;
    vstr_init_print(&vstr, 64, &print);
    va_list ap;
    va_start(ap, fmt);
    mp_vprintf(&print, fmt, ap);
    va_end(ap);
    raise_error(kind, mp_obj_new_str_from_vstr(&vstr));
}

// What each wasi:http error code means, in words (the WIT `error-code` cases).
static const char *const error_code_text[] = {
    [WASI_HTTP_TYPES_ERROR_CODE_DNS_TIMEOUT] = "DNS timeout",
    [WASI_HTTP_TYPES_ERROR_CODE_DNS_ERROR] = "DNS error",
    [WASI_HTTP_TYPES_ERROR_CODE_DESTINATION_NOT_FOUND] = "destination not found",
    [WASI_HTTP_TYPES_ERROR_CODE_DESTINATION_UNAVAILABLE] = "destination unavailable",
    [WASI_HTTP_TYPES_ERROR_CODE_DESTINATION_IP_PROHIBITED] = "destination IP prohibited",
    [WASI_HTTP_TYPES_ERROR_CODE_DESTINATION_IP_UNROUTABLE] = "destination IP unroutable",
    [WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_REFUSED] = "connection refused",
    [WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_TERMINATED] = "connection terminated",
    [WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_TIMEOUT] = "connection timeout",
    [WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_READ_TIMEOUT] = "connection read timeout",
    [WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_WRITE_TIMEOUT] = "connection write timeout",
    [WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_LIMIT_REACHED] = "connection limit reached",
    [WASI_HTTP_TYPES_ERROR_CODE_TLS_PROTOCOL_ERROR] = "TLS protocol error",
    [WASI_HTTP_TYPES_ERROR_CODE_TLS_CERTIFICATE_ERROR] = "TLS certificate error",
    [WASI_HTTP_TYPES_ERROR_CODE_TLS_ALERT_RECEIVED] = "TLS alert received",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_DENIED] = "request denied",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_LENGTH_REQUIRED] = "request length required",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_BODY_SIZE] = "request body too large",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_METHOD_INVALID] = "invalid request method",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_URI_INVALID] = "invalid request URI",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_URI_TOO_LONG] = "request URI too long",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_HEADER_SECTION_SIZE] = "request header section too large",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_HEADER_SIZE] = "request header too large",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_TRAILER_SECTION_SIZE] = "request trailer section too large",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_TRAILER_SIZE] = "request trailer too large",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_INCOMPLETE] = "incomplete response",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_HEADER_SECTION_SIZE] = "response header section too large",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_HEADER_SIZE] = "response header too large",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_BODY_SIZE] = "response body too large",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_TRAILER_SECTION_SIZE] = "response trailer section too large",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_TRAILER_SIZE] = "response trailer too large",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_TRANSFER_CODING] = "bad response transfer coding",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_CONTENT_CODING] = "bad response content coding",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_TIMEOUT] = "response timeout",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_UPGRADE_FAILED] = "HTTP upgrade failed",
    [WASI_HTTP_TYPES_ERROR_CODE_HTTP_PROTOCOL_ERROR] = "HTTP protocol error",
    [WASI_HTTP_TYPES_ERROR_CODE_LOOP_DETECTED] = "loop detected",
    [WASI_HTTP_TYPES_ERROR_CODE_CONFIGURATION_ERROR] = "configuration error",
    [WASI_HTTP_TYPES_ERROR_CODE_INTERNAL_ERROR] = "internal error",
};

// Raises the Python side of a wasi:http error code, and frees it.
static NORETURN void raise_code(call_t *c, wasi_http_types_error_code_t *code) {
    uint8_t tag = code->tag;
    uint64_t size = 0;
    bool has_size = false;
    char detail[128] = "";
    if (tag == WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_BODY_SIZE && code->val.http_response_body_size.is_some) {
        has_size = true;
        size = code->val.http_response_body_size.val;
    }
    if (tag == WASI_HTTP_TYPES_ERROR_CODE_INTERNAL_ERROR && code->val.internal_error.is_some) {
        sandbox_string_t *s = &code->val.internal_error.val;
        size_t n = MIN(s->len, sizeof(detail) - 1);
        memcpy(detail, s->ptr, n);
        detail[n] = 0;
    }
    wasi_http_types_error_code_free(code);
    const char *host = c->authority;
    switch (tag) {
        case WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_DENIED:
            raise_errorf("denied", "HTTP request to '%s' denied: the host is not allowed (nothing was sent)", host);
        case WASI_HTTP_TYPES_ERROR_CODE_DESTINATION_IP_PROHIBITED:
            raise_errorf("denied", "HTTP request to '%s' denied: it resolves to a private, loopback or link-local address that is not allowed (nothing was sent)", host);
        case WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_URI_INVALID:
            raise_errorf("invalid", "invalid URL for host '%s'", host);
        case WASI_HTTP_TYPES_ERROR_CODE_DNS_TIMEOUT:
        case WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_TIMEOUT:
            raise_errorf("connect_timeout", "connection to '%s' timed out", host);
        case WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_READ_TIMEOUT:
        case WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_TIMEOUT:
            raise_errorf("read_timeout", "response from '%s' timed out", host);
        case WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_BODY_SIZE:
            if (has_size) {
                raise_errorf("too_large", "response from '%s' exceeds the size limit of %u bytes", host, (unsigned)size);
            }
            raise_errorf("too_large", "response from '%s' exceeds the size limit", host);
        case WASI_HTTP_TYPES_ERROR_CODE_DNS_ERROR:
        case WASI_HTTP_TYPES_ERROR_CODE_DESTINATION_NOT_FOUND:
            raise_errorf("connection", "cannot resolve '%s'", host);
        case WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_REFUSED:
            raise_errorf("connection", "connection to '%s' refused", host);
        case WASI_HTTP_TYPES_ERROR_CODE_TLS_PROTOCOL_ERROR:
        case WASI_HTTP_TYPES_ERROR_CODE_TLS_CERTIFICATE_ERROR:
        case WASI_HTTP_TYPES_ERROR_CODE_TLS_ALERT_RECEIVED:
            raise_errorf("connection", "TLS error with '%s'", host);
        case WASI_HTTP_TYPES_ERROR_CODE_INTERNAL_ERROR:
            raise_errorf("connection", "request to '%s' failed: %s", host, detail);
        default:
            if (tag < MP_ARRAY_SIZE(error_code_text) && error_code_text[tag] != NULL) {
                raise_errorf("connection", "request to '%s' failed: %s", host, error_code_text[tag]);
            }
            raise_errorf("connection", "request to '%s' failed (wasi:http error %d)", host, tag);
    }
}

// Raises the error behind a failed stream operation.
static NORETURN void raise_stream_error(call_t *c, wasi_io_streams_stream_error_t *err, const char *what) {
    if (err->tag != WASI_IO_STREAMS_STREAM_ERROR_LAST_OPERATION_FAILED) {
        raise_errorf("connection", "%s '%s': the connection was closed", what, c->authority);
    }
    wasi_io_error_own_error_t io_error = err->val.last_operation_failed;
    wasi_io_error_borrow_error_t borrowed = wasi_io_error_borrow_error(io_error);
    wasi_http_types_error_code_t code;
    bool has_code = wasi_http_types_http_error_code((wasi_http_types_borrow_io_error_t) {borrowed.__handle}, &code);
    sandbox_string_t debug;
    wasi_io_error_method_error_to_debug_string(borrowed, &debug);
    wasi_io_error_error_drop_own(io_error);
    if (has_code) {
        sandbox_string_free(&debug);
        raise_code(c, &code);
    }
    // Body errors arrive as text: the host's cap and deadline name themselves.
    char text[160];
    size_t n = MIN(debug.len, sizeof(text) - 1);
    memcpy(text, debug.ptr, n);
    text[n] = 0;
    sandbox_string_free(&debug);
    if (strstr(text, "body size") != NULL) {
        raise_errorf("too_large", "response from '%s' exceeds the size limit (%s)", c->authority, text);
    }
    if (strstr(text, "timeout") != NULL || strstr(text, "timed out") != NULL) {
        raise_errorf("read_timeout", "response from '%s' timed out", c->authority);
    }
    raise_errorf("connection", "%s '%s' failed: %s", what, c->authority, text);
}

// Waits until `pollable` (in c->pollable) is ready, in slices, asking the host between
// them whether to stop: a stop raises KeyboardInterrupt here.
static void wait(call_t *c) {
    wasi_io_poll_borrow_pollable_t target = wasi_io_poll_borrow_pollable(c->pollable);
    while (!wasi_io_poll_method_pollable_ready(target)) {
        c->timer = wasi_clocks_monotonic_clock_subscribe_duration(SLICE_NS);
        wasi_io_poll_borrow_pollable_t both[2] = {target, wasi_io_poll_borrow_pollable(c->timer)};
        wasi_io_poll_list_borrow_pollable_t in = {both, 2};
        sandbox_list_u32_t ready;
        wasi_io_poll_poll(&in, &ready);
        sandbox_list_u32_free(&ready);
        wasi_io_poll_pollable_drop_own(c->timer);
        c->timer.__handle = 0;
        mpsandbox_poll();
        mp_handle_pending(true);
    }
    wasi_io_poll_pollable_drop_own(c->pollable);
    c->pollable.__handle = 0;
}

static void set_method(call_t *c, const char *method, size_t len) {
    static const char *const known[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    wasi_http_types_method_t m = {.tag = WASI_HTTP_TYPES_METHOD_OTHER};
    for (size_t i = 0; i < MP_ARRAY_SIZE(known); ++i) {
        if (strlen(known[i]) == len && memcmp(known[i], method, len) == 0) {
            m.tag = i;
        }
    }
    if (m.tag == WASI_HTTP_TYPES_METHOD_OTHER) {
        m.val.other = (sandbox_string_t) {(uint8_t *)method, len};
    }
    if (!wasi_http_types_method_outgoing_request_set_method(wasi_http_types_borrow_outgoing_request(c->request), &m)) {
        raise_errorf("invalid", "invalid HTTP method '%s'", method);
    }
}

static void add_headers(call_t *c, mp_obj_t headers) {
    size_t n;
    mp_obj_t *items;
    mp_obj_get_array(headers, &n, &items);
    wasi_http_types_borrow_fields_t fields = wasi_http_types_borrow_fields(c->fields);
    for (size_t i = 0; i < n; ++i) {
        mp_obj_t *pair;
        mp_obj_get_array_fixed_n(items[i], 2, &pair);
        size_t name_len, value_len;
        const char *name = mp_obj_str_get_data(pair[0], &name_len);
        const char *value = mp_obj_str_get_data(pair[1], &value_len);
        value_check_text(name, name_len);
        wasi_http_types_field_name_t wit_name = {(uint8_t *)name, name_len};
        wasi_http_types_field_value_t wit_value = {(uint8_t *)value, value_len};
        wasi_http_types_header_error_t err;
        if (!wasi_http_types_method_fields_append(fields, &wit_name, &wit_value, &err)) {
            if (err.tag == WASI_HTTP_TYPES_HEADER_ERROR_FORBIDDEN) {
                continue; // Host, Connection...: the host sets them
            }
            raise_errorf("invalid", "invalid header %s: %s", name, value);
        }
    }
}

// Writes the request body. The host may close the stream early (the server answered
// before reading it all, or hyper has read the announced length): the response then says
// what happened, so a closed stream just ends the writing.
static void write_body(call_t *c, const uint8_t *data, size_t len) {
    wasi_io_streams_borrow_output_stream_t out = wasi_io_streams_borrow_output_stream(c->out_stream);
    size_t done = 0;
    bool closed = false;
    wasi_io_streams_stream_error_t err;
    while (done < len && !closed) {
        uint64_t room;
        if (!wasi_io_streams_method_output_stream_check_write(out, &room, &err)) {
            closed = err.tag == WASI_IO_STREAMS_STREAM_ERROR_CLOSED;
            if (!closed) {
                raise_stream_error(c, &err, "sending the request to");
            }
            break;
        }
        if (room == 0) {
            c->pollable = wasi_io_streams_method_output_stream_subscribe(out);
            wait(c);
            continue;
        }
        size_t n = MIN(MIN((size_t)room, len - done), CHUNK);
        sandbox_list_u8_t chunk = {(uint8_t *)data + done, n};
        if (!wasi_io_streams_method_output_stream_write(out, &chunk, &err)) {
            closed = err.tag == WASI_IO_STREAMS_STREAM_ERROR_CLOSED;
            if (!closed) {
                raise_stream_error(c, &err, "sending the request to");
            }
            break;
        }
        done += n;
    }
    if (!closed) {
        if (wasi_io_streams_method_output_stream_flush(out, &err)) {
            c->pollable = wasi_io_streams_method_output_stream_subscribe(out);
            wait(c);
        } else if (err.tag != WASI_IO_STREAMS_STREAM_ERROR_CLOSED) {
            raise_stream_error(c, &err, "sending the request to");
        }
    }
    wasi_io_streams_output_stream_drop_own(c->out_stream);
    c->out_stream.__handle = 0;
    wasi_http_types_error_code_t code;
    wasi_http_types_own_outgoing_body_t body = c->out_body;
    c->out_body.__handle = 0;
    if (!wasi_http_types_static_outgoing_body_finish(body, NULL, &code)) {
        if (done == len) {
            raise_code(c, &code);
        }
        wasi_http_types_error_code_free(&code);
    }
}

static mp_obj_t read_headers(call_t *c) {
    c->fields = wasi_http_types_method_incoming_response_headers(wasi_http_types_borrow_incoming_response(c->response));
    wasi_http_types_list_tuple2_field_name_field_value_t entries;
    wasi_http_types_method_fields_entries(wasi_http_types_borrow_fields(c->fields), &entries);
    mp_obj_t list = MP_OBJ_NULL;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        list = mp_obj_new_list(0, NULL);
        for (size_t i = 0; i < entries.len; ++i) {
            mp_obj_t pair[2] = {
                mp_obj_new_str((const char *)entries.ptr[i].f0.ptr, entries.ptr[i].f0.len),
                mp_obj_new_bytes(entries.ptr[i].f1.ptr, entries.ptr[i].f1.len),
            };
            mp_obj_list_append(list, mp_obj_new_tuple(2, pair));
        }
        nlr_pop();
    } else {
        wasi_http_types_list_tuple2_field_name_field_value_free(&entries);
        nlr_jump(nlr.ret_val);
    }
    wasi_http_types_list_tuple2_field_name_field_value_free(&entries);
    wasi_http_types_fields_drop_own(c->fields);
    c->fields.__handle = 0;
    return list;
}

static mp_obj_t read_body(call_t *c) {
    if (!wasi_http_types_method_incoming_response_consume(wasi_http_types_borrow_incoming_response(c->response), &c->in_body)) {
        raise_errorf("connection", "cannot read the response from '%s'", c->authority);
    }
    if (!wasi_http_types_method_incoming_body_stream(wasi_http_types_borrow_incoming_body(c->in_body), &c->in_stream)) {
        raise_errorf("connection", "cannot read the response from '%s'", c->authority);
    }
    wasi_io_streams_borrow_input_stream_t in = wasi_io_streams_borrow_input_stream(c->in_stream);
    vstr_t content;
    vstr_init(&content, 1024);
    for (;;) {
        sandbox_list_u8_t chunk;
        wasi_io_streams_stream_error_t err;
        if (!wasi_io_streams_method_input_stream_read(in, CHUNK, &chunk, &err)) {
            if (err.tag == WASI_IO_STREAMS_STREAM_ERROR_CLOSED) {
                break;
            }
            raise_stream_error(c, &err, "reading the response from");
        }
        if (chunk.len == 0) {
            sandbox_list_u8_free(&chunk);
            c->pollable = wasi_io_streams_method_input_stream_subscribe(in);
            wait(c);
            continue;
        }
        // The chunk is malloc'd: free it even if growing the buffer raises MemoryError.
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            vstr_add_strn(&content, (const char *)chunk.ptr, chunk.len);
            nlr_pop();
            sandbox_list_u8_free(&chunk);
        } else {
            sandbox_list_u8_free(&chunk);
            nlr_jump(nlr.ret_val);
        }
    }
    wasi_io_streams_input_stream_drop_own(c->in_stream);
    c->in_stream.__handle = 0;
    wasi_http_types_own_future_trailers_t trailers = wasi_http_types_static_incoming_body_finish(c->in_body);
    c->in_body.__handle = 0;
    wasi_http_types_future_trailers_drop_own(trailers);
    return mp_obj_new_bytes_from_vstr(&content);
}

static mp_obj_t perform(call_t *c, mp_obj_t const *args) {
    size_t method_len, scheme_len, authority_len, path_len;
    const char *method = mp_obj_str_get_data(args[0], &method_len);
    const char *scheme = mp_obj_str_get_data(args[1], &scheme_len);
    const char *authority = mp_obj_str_get_data(args[2], &authority_len);
    const char *path = mp_obj_str_get_data(args[3], &path_len);
    value_check_text(method, method_len);
    value_check_text(scheme, scheme_len);
    value_check_text(authority, authority_len);
    value_check_text(path, path_len);
    c->authority = authority;
    mp_buffer_info_t body = {.buf = NULL, .len = 0};
    bool has_body = args[5] != mp_const_none;
    if (has_body) {
        mp_get_buffer_raise(args[5], &body, MP_BUFFER_READ);
    }

    c->fields = wasi_http_types_constructor_fields();
    add_headers(c, args[4]);
    c->request = wasi_http_types_constructor_outgoing_request(c->fields);
    c->fields.__handle = 0; // owned by the request now
    wasi_http_types_borrow_outgoing_request_t request = wasi_http_types_borrow_outgoing_request(c->request);
    set_method(c, method, method_len);
    wasi_http_types_scheme_t wit_scheme;
    if (scheme_len == 4 && memcmp(scheme, "http", 4) == 0) {
        wit_scheme.tag = WASI_HTTP_TYPES_SCHEME_HTTP;
    } else if (scheme_len == 5 && memcmp(scheme, "https", 5) == 0) {
        wit_scheme.tag = WASI_HTTP_TYPES_SCHEME_HTTPS;
    } else {
        raise_errorf("invalid", "unsupported scheme '%s'", scheme);
    }
    sandbox_string_t wit_authority = {(uint8_t *)authority, authority_len};
    sandbox_string_t wit_path = {(uint8_t *)path, path_len};
    if (!wasi_http_types_method_outgoing_request_set_scheme(request, &wit_scheme)
        || !wasi_http_types_method_outgoing_request_set_authority(request, &wit_authority)
        || !wasi_http_types_method_outgoing_request_set_path_with_query(request, &wit_path)) {
        raise_errorf("invalid", "invalid URL for host '%s'", authority);
    }

    c->options = wasi_http_types_constructor_request_options();
    if (args[6] != mp_const_none) {
        mp_float_t seconds = mp_obj_get_float(args[6]);
        if (seconds <= 0) {
            raise_errorf("invalid", "timeout must be positive");
        }
        uint64_t ns = seconds >= 1e9 ? (uint64_t)1e18 : (uint64_t)(seconds * 1e9);
        wasi_http_types_borrow_request_options_t options = wasi_http_types_borrow_request_options(c->options);
        wasi_http_types_method_request_options_set_connect_timeout(options, &ns);
        wasi_http_types_method_request_options_set_first_byte_timeout(options, &ns);
        wasi_http_types_method_request_options_set_between_bytes_timeout(options, &ns);
    }

    if (has_body && !wasi_http_types_method_outgoing_request_body(request, &c->out_body)) {
        raise_errorf("invalid", "request body unavailable");
    }

    // The request and the options pass to the host.
    wasi_http_types_own_outgoing_request_t own_request = c->request;
    wasi_http_types_own_request_options_t own_options = c->options;
    c->request.__handle = 0;
    c->options.__handle = 0;
    wasi_http_types_error_code_t code;
    if (!wasi_http_outgoing_handler_handle(own_request, &own_options, &c->future, &code)) {
        raise_code(c, &code);
    }

    if (has_body) {
        if (!wasi_http_types_method_outgoing_body_write(wasi_http_types_borrow_outgoing_body(c->out_body), &c->out_stream)) {
            raise_errorf("invalid", "request body unavailable");
        }
        write_body(c, body.buf, body.len);
    }

    wasi_http_types_borrow_future_incoming_response_t future = wasi_http_types_borrow_future_incoming_response(c->future);
    c->pollable = wasi_http_types_method_future_incoming_response_subscribe(future);
    wait(c);
    wasi_http_types_result_result_own_incoming_response_error_code_void_t result;
    if (!wasi_http_types_method_future_incoming_response_get(future, &result) || result.is_err) {
        raise_errorf("connection", "no response from '%s'", authority);
    }
    wasi_http_types_future_incoming_response_drop_own(c->future);
    c->future.__handle = 0;
    if (result.val.ok.is_err) {
        raise_code(c, &result.val.ok.val.err);
    }
    c->response = result.val.ok.val.ok;

    mp_int_t status = wasi_http_types_method_incoming_response_status(wasi_http_types_borrow_incoming_response(c->response));
    mp_obj_t headers = read_headers(c);
    mp_obj_t content = read_body(c);
    wasi_http_types_incoming_response_drop_own(c->response);
    c->response.__handle = 0;
    mp_obj_t items[3] = {MP_OBJ_NEW_SMALL_INT(status), headers, content};
    return mp_obj_new_tuple(3, items);
}

static mp_obj_t http_request(size_t n_args, const mp_obj_t *args) {
    call_t call;
    memset(&call, 0, sizeof(call));
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t result = perform(&call, args);
        nlr_pop();
        drop_all(&call);
        return result;
    }
    drop_all(&call);
    nlr_jump(nlr.ret_val);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(http_request_obj, 7, 7, http_request);

static const mp_rom_map_elem_t http_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__http) },
    { MP_ROM_QSTR(MP_QSTR_request), MP_ROM_PTR(&http_request_obj) },
    { MP_ROM_QSTR(MP_QSTR_Error), MP_ROM_PTR(&mp_type_Error) },
};
static MP_DEFINE_CONST_DICT(http_module_globals, http_module_globals_table);

const mp_obj_module_t mp_module_http = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&http_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR__http, mp_module_http);

// sys.stdin, sys.stdout and sys.stderr on WASI fds 0, 1 and 2.
//
// MicroPython's shared/runtime/sys_stdio_mphal.c sends stderr to stdout; the host
// captures the two streams separately, so each object here writes to its own fd.
// Writes are unbuffered: output reaches the host as it is produced and survives a trap.

#include <unistd.h>

#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/stream.h"

typedef struct _stdio_obj_t {
    mp_obj_base_t base;
    int fd;
} stdio_obj_t;

static void stdio_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    stdio_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<io.%s %d>", mp_obj_get_type_str(self_in), self->fd);
}

static mp_uint_t stdio_read(mp_obj_t self_in, void *buf, mp_uint_t size, int *errcode) {
    stdio_obj_t *self = MP_OBJ_TO_PTR(self_in);
    ssize_t n = self->fd == 0 ? read(0, buf, size) : -1;
    if (n < 0) {
        *errcode = MP_EBADF;
        return MP_STREAM_ERROR;
    }
    return n;
}

static mp_uint_t stdio_write(mp_obj_t self_in, const void *buf, mp_uint_t size, int *errcode) {
    stdio_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->fd == 0) {
        *errcode = MP_EBADF;
        return MP_STREAM_ERROR;
    }
    mp_hal_fd_write(self->fd, buf, size);
    return size;
}

static mp_uint_t stdio_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    (void)self_in;
    (void)arg;
    if (request == MP_STREAM_FLUSH || request == MP_STREAM_CLOSE) {
        return 0;
    }
    *errcode = MP_EINVAL;
    return MP_STREAM_ERROR;
}

static const mp_rom_map_elem_t stdio_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_stream_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&mp_stream_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&mp_stream_unbuffered_readline_obj) },
    { MP_ROM_QSTR(MP_QSTR_readlines), MP_ROM_PTR(&mp_stream_unbuffered_readlines_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_stream_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_flush), MP_ROM_PTR(&mp_stream_flush_obj) },
};
static MP_DEFINE_CONST_DICT(stdio_locals, stdio_locals_table);

// The binary layer under each text stream: sys.stdout.buffer and friends.

static const mp_stream_p_t stdio_buffer_stream_p = {
    .read = stdio_read,
    .write = stdio_write,
    .ioctl = stdio_ioctl,
    .is_text = false,
};

static MP_DEFINE_CONST_OBJ_TYPE(
    stdio_buffer_type,
    MP_QSTR_FileIO,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, stdio_print,
    protocol, &stdio_buffer_stream_p,
    locals_dict, &stdio_locals
    );

static const stdio_obj_t stdio_buffers[3] = {
    {{&stdio_buffer_type}, 0},
    {{&stdio_buffer_type}, 1},
    {{&stdio_buffer_type}, 2},
};

// The text streams.

static void stdio_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    stdio_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_buffer) {
        dest[0] = MP_OBJ_FROM_PTR(&stdio_buffers[self->fd]);
    } else {
        dest[1] = MP_OBJ_SENTINEL; // go on to the methods in locals_dict
    }
}

static const mp_stream_p_t stdio_text_stream_p = {
    .read = stdio_read,
    .write = stdio_write,
    .ioctl = stdio_ioctl,
    .is_text = true,
};

static MP_DEFINE_CONST_OBJ_TYPE(
    stdio_text_type,
    MP_QSTR_TextIOWrapper,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, stdio_print,
    attr, stdio_attr,
    protocol, &stdio_text_stream_p,
    locals_dict, &stdio_locals
    );

const stdio_obj_t mp_sys_stdin_obj = {{&stdio_text_type}, 0};
const stdio_obj_t mp_sys_stdout_obj = {{&stdio_text_type}, 1};
const stdio_obj_t mp_sys_stderr_obj = {{&stdio_text_type}, 2};

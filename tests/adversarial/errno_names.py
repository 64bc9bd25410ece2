# expect: ok
# Every errno number the guest reports has a name.
import errno
for name in ["ENAMETOOLONG", "ENOTEMPTY", "ELOOP", "EILSEQ", "EOPNOTSUPP", "ENOSYS", "EXDEV"]:
    n = getattr(errno, name)
    assert errno.errorcode[n] == name, name
    assert str(OSError(n)) == "[Errno %d] %s" % (n, name), str(OSError(n))

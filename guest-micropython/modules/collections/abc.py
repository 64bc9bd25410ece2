# collections.abc: the abstract container types as tuples of the built-in types that are
# instances of them, so that isinstance(x, Mapping) works for built-in values (classes here
# have no __instancecheck__; user classes are not recognised by their methods).

_views = (type({}.keys()), type({}.values()), type({}.items()))
_gen = type((lambda: (yield))())

Hashable = (int, float, complex, str, bytes, tuple, frozenset, type(None), bool)
Sized = (list, tuple, str, bytes, bytearray, dict, set, frozenset, range) + _views
Container = Sized
Collection = Sized
Iterable = Sized + (_gen,)
Iterator = (_gen, type(iter([])), type(iter(())), type(iter("")))
Reversible = (list, tuple, str, bytes, range)
Generator = (_gen,)
Sequence = (list, tuple, str, bytes, bytearray, range)
MutableSequence = (list, bytearray)
Set = (set, frozenset)
MutableSet = (set,)
Mapping = (dict,)
MutableMapping = (dict,)
MappingView = _views
KeysView = (_views[0],)
ValuesView = (_views[1],)
ItemsView = (_views[2],)
Callable = (type(len), type(lambda: 0), type)
Awaitable = ()
Coroutine = ()
AsyncIterable = ()
AsyncIterator = ()

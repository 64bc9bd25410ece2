# The Python modules frozen into the guest as bytecode (MicroPython's manifest format, see
# py/mkrules.mk): every .py file under modules/, by its path (`requests/__init__.py` is the
# package `requests`).
freeze("$(PORT_DIR)/modules")

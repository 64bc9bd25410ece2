# The FIRST sets of the grammar's rules, which the parser uses to skip rules that cannot
# start with the current token (patches/0110): constant data that makeparsefirst.py makes
# from the tree's py/grammar.h. Included by the guest's Makefile; xtask hands it to
# mpy-cross's make too (`-f`), since mpy-cross is built from the same patched tree.
# Prerequisites only, in rules of their own, so that the order of inclusion does not matter.

PARSE_FIRST_SCRIPT := $(dir $(lastword $(MAKEFILE_LIST)))makeparsefirst.py

$(HEADER_BUILD)/parse_first.h: $(TOP)/py/grammar.h $(PARSE_FIRST_SCRIPT) | $(HEADER_BUILD)
	$(ECHO) "GEN $@"
	$(Q)$(PYTHON) $(PARSE_FIRST_SCRIPT) $< > $@.tmp && mv $@.tmp $@

# MicroPython's qstr extraction preprocesses parse.c before anything is compiled.
$(HEADER_BUILD)/qstr.i.last: | $(HEADER_BUILD)/parse_first.h
$(BUILD)/py/parse.o: $(HEADER_BUILD)/parse_first.h

# textwrap: wrap, fill, shorten, dedent and indent.


class TextWrapper:
    def __init__(self, width=70, initial_indent="", subsequent_indent="", expand_tabs=True,
                 replace_whitespace=True, fix_sentence_endings=False, break_long_words=True,
                 drop_whitespace=True, break_on_hyphens=True, tabsize=8, *, max_lines=None,
                 placeholder=" [...]"):
        self.width = width
        self.initial_indent = initial_indent
        self.subsequent_indent = subsequent_indent
        self.expand_tabs = expand_tabs
        self.replace_whitespace = replace_whitespace
        self.break_long_words = break_long_words
        self.drop_whitespace = drop_whitespace
        self.break_on_hyphens = break_on_hyphens
        self.tabsize = tabsize
        self.max_lines = max_lines
        self.placeholder = placeholder

    def _chunks(self, text):
        if self.expand_tabs:
            text = text.expandtabs(self.tabsize) if hasattr(text, "expandtabs") else text.replace("\t", " " * self.tabsize)
        if self.replace_whitespace:
            for c in "\t\n\x0b\x0c\r":
                text = text.replace(c, " ")
        chunks = []
        word = ""
        space = ""
        for c in text:
            if c.isspace():
                if word:
                    chunks.append(word)
                    word = ""
                space += c
            else:
                if space:
                    chunks.append(space)
                    space = ""
                word += c
                if self.break_on_hyphens and c == "-" and len(word) > 1 and word[-2].isalpha():
                    chunks.append(word)
                    word = ""
        if word:
            chunks.append(word)
        if space:
            chunks.append(space)
        return chunks

    def wrap(self, text):
        chunks = self._chunks(text)
        chunks.reverse()
        lines = []
        if self.width <= 0:
            raise ValueError("invalid width %r (must be > 0)" % self.width)
        while chunks:
            cur = []
            cur_len = 0
            indent = self.subsequent_indent if lines else self.initial_indent
            width = self.width - len(indent)
            if self.drop_whitespace and chunks[-1].strip() == "" and lines:
                del chunks[-1]
            while chunks:
                n = len(chunks[-1])
                if cur_len + n <= width:
                    cur.append(chunks.pop())
                    cur_len += n
                else:
                    break
            if chunks and len(chunks[-1]) > width:
                space_left = max(width - cur_len, 1)
                if self.break_long_words:
                    chunk = chunks[-1]
                    end = space_left
                    if self.break_on_hyphens and len(chunk) > space_left:
                        hyphen = chunk.rfind("-", 0, space_left)
                        if hyphen > 0 and any(c != "-" for c in chunk[:hyphen]):
                            end = hyphen + 1
                    cur.append(chunk[:end])
                    chunks[-1] = chunk[end:]
                    cur_len += end
                elif not cur:
                    cur.append(chunks.pop())
                    cur_len += len(cur[-1])
            if self.drop_whitespace and cur and cur[-1].strip() == "":
                cur_len -= len(cur[-1])
                del cur[-1]
            if cur:
                if (self.max_lines is None or len(lines) + 1 < self.max_lines
                        or (not chunks or self.drop_whitespace and len(chunks) == 1 and not chunks[0].strip())
                        and cur_len <= width):
                    lines.append(indent + "".join(cur))
                else:
                    while cur:
                        if cur[-1].strip() and cur_len + len(self.placeholder) <= width:
                            cur.append(self.placeholder)
                            lines.append(indent + "".join(cur))
                            break
                        cur_len -= len(cur[-1])
                        del cur[-1]
                    else:
                        if lines:
                            prev = lines[-1].rstrip()
                            if len(prev) + len(self.placeholder) <= self.width:
                                lines[-1] = prev + self.placeholder
                                break
                        lines.append(indent + self.placeholder.lstrip())
                    break
        return lines

    def fill(self, text):
        return "\n".join(self.wrap(text))


def wrap(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).wrap(text)


def fill(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).fill(text)


def shorten(text, width, **kwargs):
    w = TextWrapper(width=width, max_lines=1, **kwargs)
    return w.fill(" ".join(text.strip().split()))


def dedent(text):
    lines = text.split("\n")
    margin = None
    for line in lines:
        stripped = line.lstrip(" \t")
        if not stripped:
            continue
        indent = line[: len(line) - len(stripped)]
        if margin is None:
            margin = indent
        else:
            k = 0
            while k < len(margin) and k < len(indent) and margin[k] == indent[k]:
                k += 1
            margin = margin[:k]
    out = []
    for line in lines:
        if not line.strip(" \t"):
            out.append("")
        elif margin:
            out.append(line[len(margin):])
        else:
            out.append(line)
    return "\n".join(out)


def indent(text, prefix, predicate=None):
    if predicate is None:
        predicate = lambda line: line.strip()
    out = []
    for line in text.splitlines(True):
        out.append(prefix + line if predicate(line) else line)
    return "".join(out)

//! When the REPL needs another line before it runs what was typed.
//!
//! As in Python's REPL: an open bracket, an open triple-quoted string or a trailing backslash
//! continue the input; a compound statement (a line ending with `:`, or a decorator) continues
//! it until a blank line.

/// Whether `code` (the lines typed so far, joined by `\n`) needs another line.
pub fn needs_more(code: &str) -> bool {
    let scan = Scan::of(code);
    if scan.depth > 0 || scan.in_triple_quote || scan.backslash {
        return true;
    }
    if scan.opens_block || code.trim_start().starts_with('@') {
        // The block ends with a blank line.
        let last = code.rsplit('\n').next().unwrap_or("");
        return !(code.contains('\n') && last.trim().is_empty());
    }
    false
}

/// What a lexical scan of the code found.
#[derive(Debug, Default)]
struct Scan {
    /// Open brackets.
    depth: i32,
    /// Ends inside a `'''` or `"""` string.
    in_triple_quote: bool,
    /// Ends with a line continuation.
    backslash: bool,
    /// Some line ends (outside strings and comments) with `:`.
    opens_block: bool,
}

impl Scan {
    fn of(code: &str) -> Scan {
        let mut scan = Scan::default();
        let chars: Vec<char> = code.chars().collect();
        let mut i = 0;
        // The last significant character of the current line.
        let mut last = None;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '#' => {
                    while i < chars.len() && chars[i] != '\n' {
                        i += 1;
                    }
                    continue;
                }
                '\n' => {
                    scan.opens_block |= last == Some(':');
                    last = None;
                }
                '\'' | '"' => {
                    let triple = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                    i += if triple { 3 } else { 1 };
                    let mut closed = false;
                    while i < chars.len() {
                        if chars[i] == '\\' {
                            i += 2;
                            continue;
                        }
                        if !triple && chars[i] == '\n' {
                            // An unterminated single-quoted string: a syntax error to report.
                            break;
                        }
                        if chars[i] == c
                            && (!triple
                                || (chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c)))
                        {
                            i += if triple { 3 } else { 1 };
                            closed = true;
                            break;
                        }
                        i += 1;
                    }
                    if triple && !closed {
                        scan.in_triple_quote = true;
                        return scan;
                    }
                    last = Some(c);
                    continue;
                }
                '(' | '[' | '{' => scan.depth += 1,
                ')' | ']' | '}' => scan.depth -= 1,
                c if c.is_whitespace() => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            if c != '\n' {
                last = Some(c);
            }
            i += 1;
        }
        scan.opens_block |= last == Some(':');
        scan.backslash = last == Some('\\');
        scan
    }
}

#[cfg(test)]
mod tests {
    use super::needs_more;

    #[test]
    fn simple_statements_are_complete() {
        for code in [
            "x = 1",
            "print('a:')",
            "d = {'a': 1}",
            "x = 1  # ends with a colon:",
            "s = 'it''s'",
        ] {
            assert!(!needs_more(code), "{code:?}");
        }
    }

    #[test]
    fn open_constructs_continue() {
        for code in [
            "x = (1,",
            "[1,\n2,",
            "s = '''abc",
            "x = 1 + \\",
            "f(a,\n  b",
        ] {
            assert!(needs_more(code), "{code:?}");
        }
        assert!(!needs_more("x = (1,\n2)"));
        assert!(!needs_more("s = '''a\nb'''"));
    }

    #[test]
    fn blocks_continue_until_a_blank_line() {
        assert!(needs_more("def f():"));
        assert!(needs_more("def f():\n    return 1"));
        assert!(needs_more("if x:\n    pass\nelse:"));
        assert!(!needs_more("def f():\n    return 1\n"));
        assert!(!needs_more("for i in range(3):\n    print(i)\n   "));
        assert!(needs_more("@decorator"));
        assert!(needs_more("class A:  # comment"));
        assert!(!needs_more("d = {1: 2}"));
    }
}

package frontend

import "bytes"

// This file blanks out function bodies in source text before parsing, so
// that the parser does not build syntax trees only for them to be thrown
// away: parsing bodies is most of the cost of loading the standard
// library.
//
// It relies on the source being gofmt-formatted, as GOROOT's is: a
// top-level function declaration is a line that starts with "func". Any
// surprise makes it give up (return nil) and the caller parses the
// original text instead.

// blankBodies returns a copy of src in which the body of each top-level
// function declaration, braces included, is replaced by spaces (newlines
// are kept, so every position stays the same), or nil if it cannot.
func blankBodies(src []byte) []byte {
	out := bytes.Clone(src)
	lineStart := true
	for i := 0; i < len(src); {
		if lineStart && isFuncKeyword(src[i:]) {
			body, end := signatureEnd(src, i+len("func"))
			if end < 0 {
				return nil
			}
			if body >= 0 {
				blank(out[body:end])
			}
			i, lineStart = end, false
			continue
		}
		next := skipToken(src, i)
		if next < 0 {
			return nil
		}
		lineStart = src[i] == '\n'
		i = next
	}
	return out
}

// isFuncKeyword reports whether b starts with the keyword func.
func isFuncKeyword(b []byte) bool {
	return len(b) > 4 && string(b[:4]) == "func" && (b[4] == ' ' || b[4] == '(')
}

// signatureEnd scans a function signature starting at i (after "func").
// If a body follows, it returns the offset of its opening brace and the
// offset just past its closing brace. Otherwise it returns -1 and the
// offset of the newline that ends the declaration. end < 0 means the
// text was not understood.
func signatureEnd(src []byte, i int) (body, end int) {
	depth := 0 // of ( and [
	for i < len(src) {
		switch c := src[i]; {
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == '\n' && depth == 0:
			return -1, i
		case c == '{':
			close := matchBrace(src, i)
			if close < 0 || depth > 0 || endsWithTypeKeyword(src[:i]) {
				// A struct or interface type in the signature.
				i = close
				if i < 0 {
					return -1, -1
				}
				continue
			}
			return i, close
		}
		next := skipToken(src, i)
		if next < 0 {
			return -1, -1
		}
		i = next
	}
	return -1, -1
}

// endsWithTypeKeyword reports whether b, less trailing blanks, ends with
// the keyword struct or interface.
func endsWithTypeKeyword(b []byte) bool {
	b = bytes.TrimRight(b, " \t")
	for _, kw := range []string{"struct", "interface"} {
		if bytes.HasSuffix(b, []byte(kw)) {
			rest := b[:len(b)-len(kw)]
			if len(rest) == 0 || !isIdentByte(rest[len(rest)-1]) {
				return true
			}
		}
	}
	return false
}

func isIdentByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

// matchBrace returns the offset just past the brace that closes the one at
// src[i], or -1.
func matchBrace(src []byte, i int) int {
	depth := 0
	for i < len(src) {
		switch src[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		i = skipToken(src, i)
		if i < 0 {
			return -1
		}
	}
	return -1
}

// skipToken returns the offset after the comment, string or rune literal
// starting at src[i], or i+1 for any other byte; -1 if a literal or
// comment is not terminated.
func skipToken(src []byte, i int) int {
	switch src[i] {
	case '/':
		if i+1 < len(src) {
			switch src[i+1] {
			case '/':
				if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
					return i + j // the newline is a token of its own
				}
				return len(src)
			case '*':
				if j := bytes.Index(src[i+2:], []byte("*/")); j >= 0 {
					return i + 2 + j + 2
				}
				return -1
			}
		}
	case '`':
		if j := bytes.IndexByte(src[i+1:], '`'); j >= 0 {
			return i + 1 + j + 1
		}
		return -1
	case '"', '\'':
		return skipQuoted(src, i)
	}
	return i + 1
}

// skipQuoted returns the offset after the interpreted string or rune
// literal starting at src[i], or -1.
func skipQuoted(src []byte, i int) int {
	quote := src[i]
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '\n':
			return -1
		case quote:
			return i + 1
		}
	}
	return -1
}

// blank replaces every byte of b but newlines by a space.
func blank(b []byte) {
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
}

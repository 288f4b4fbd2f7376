/// Cuts a text into statements at each `;` outside strings and comments, as sqlite3 and psql
/// do: `count students; schools;` is two statements (a trailing `;` ends the last one).
public enum StatementSplitter {
    /// The byte ranges of the statements of `text`, in order; blank ones included (the text
    /// between `;;`, or after a trailing `;`). A text without `;` is one range.
    public static func ranges(in text: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var quote: UInt8?
        var comment = false
        var escaped = false
        for (offset, byte) in text.utf8.enumerated() {
            if comment {
                if byte == 0x0A { comment = false }
            } else if let open = quote {
                if escaped {
                    escaped = false
                } else if byte == 0x5C {
                    escaped = true
                } else if byte == open {
                    quote = nil
                }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x23 {
                comment = true
            } else if byte == 0x3B {
                ranges.append(start..<offset)
                start = offset + 1
            }
        }
        ranges.append(start..<text.utf8.count)
        return ranges
    }

    /// True when the statement in `range` holds nothing but white space and comments.
    public static func isBlank(_ text: String, _ range: Range<Int>) -> Bool {
        Lexer(text, offset: range.lowerBound, end: range.upperBound).atEnd
    }
}

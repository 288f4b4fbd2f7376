import TidligCore

/// Text with one span marked by `⟦` and `⟧`, for tests of where a diagnostic points
/// (like swift-format's `MarkedText`): `MarkedText("students ⟦order⟧ days")`.
public struct MarkedText {
    /// The text without the markers.
    public let text: String
    /// The marked span in UTF-8 bytes of `text`.
    public let span: SourceSpan

    public init(_ marked: String) {
        var text = ""
        var start = 0, end = 0
        for character in marked {
            switch character {
            case "⟦": start = text.utf8.count
            case "⟧": end = text.utf8.count
            default: text.append(character)
            }
        }
        self.text = text
        span = SourceSpan(start: start, end: max(start, end))
    }
}

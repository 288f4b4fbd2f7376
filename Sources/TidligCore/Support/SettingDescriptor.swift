/// What kind of value a setting takes: for its help, its checks and its completion.
public enum SettingType: Sendable, Equatable {
    case wholeNumber, number, date, onOff, text, file, environmentName, seconds
    /// One of a fixed list of words.
    case choice([String])

    /// The words a value of this type can be, for completion; empty when open.
    public var words: [String] {
        switch self {
        case .onOff: ["on", "off"]
        case .choice(let words): words
        default: []
        }
    }
}

/// What a setting's current value is shown against: the loaded data's date, as text.
public struct SettingContext: Sendable {
    public var dataAsOf: String?

    public init(dataAsOf: String?) { self.dataAsOf = dataAsOf }
}

/// One setting that `set` (and `--set NAME=VALUE`) knows: its name, type, default, help and
/// where it applies, with how it is read from text and shown, declared once (as
/// swift-argument-parser declares an option).
public struct SettingDescriptor<Root>: Sendable {
    public let name: String
    public let type: SettingType
    /// Words taken besides values of the type: `data` for `asof`, `default` for `window`.
    public let words: [String]
    /// The value before any `set`, as `set` alone shows it.
    public let defaultValue: String
    /// One line for `help set`.
    public let help: String
    /// What the setting changes: "figures", "output", "folder audit", "term report", "notify".
    public let appliesTo: String
    private let assign: @Sendable (inout Root, String) -> String?
    private let show: @Sendable (Root, SettingContext) -> String

    public init(
        _ name: String, _ type: SettingType, words: [String] = [], default defaultValue: String,
        help: String, appliesTo: String,
        set assign: @escaping @Sendable (inout Root, String) -> String?,
        show: @escaping @Sendable (Root, SettingContext) -> String
    ) {
        self.name = name
        self.type = type
        self.words = words
        self.defaultValue = defaultValue
        self.help = help
        self.appliesTo = appliesTo
        self.assign = assign
        self.show = show
    }

    /// Sets the value from text; a message saying what would be right when it cannot.
    public func set(_ root: inout Root, to text: String) -> String? { assign(&root, text) }

    /// The current value, as text.
    public func value(of root: Root, _ context: SettingContext = SettingContext(dataAsOf: nil))
        -> String
    {
        show(root, context)
    }

    /// What completes a value: the type's words and the setting's own.
    public var completions: [String] { type.words + words }

    /// The same setting on a part of a larger value (`NotifySettings` inside `Settings`).
    public func lifted<Outer>(
        get: @escaping @Sendable (Outer) -> Root,
        set put: @escaping @Sendable (inout Outer, Root) -> Void
    ) -> SettingDescriptor<Outer> {
        let assign = self.assign, show = self.show
        return SettingDescriptor<Outer>(
            name, type, words: words, default: defaultValue, help: help, appliesTo: appliesTo,
            set: { outer, text in
                var inner = get(outer)
                if let problem = assign(&inner, text) { return problem }
                put(&outer, inner)
                return nil
            },
            show: { outer, context in show(get(outer), context) })
    }
}

/// `on` or `off`, for the on/off settings; nil for anything else.
public func parseOnOff(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "on": true
    case "off": false
    default: nil
    }
}

/// Services found by what they are, not only by what a file calls them: a file names its
/// PPT `pp-tjenesten` or its health service `helse`, and a preset or an example that means
/// "the PPT" says `ppt`, the kind.
extension DataSet {
    /// The first service of `kind` (its contract spelling: `ppt`, `school-health`,
    /// `mental-health-family`, `child-welfare`, ...).
    public func serviceIndex(kind: String) -> Int? {
        services.firstIndex { $0.kind?.rawValue == kind }
    }

    /// A service by the file's own id, else by kind.
    public func serviceIndex(named name: String) -> Int? {
        serviceIndex(id: name) ?? serviceIndex(kind: name)
    }
}

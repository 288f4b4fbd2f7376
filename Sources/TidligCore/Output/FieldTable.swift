/// The table of `fields` and `help fields`: every field with its type and meaning.
enum FieldTable {
    static func make() -> ResultTable {
        ResultTable(
            columns: [.init("field"), .init("type"), .init("meaning")],
            rows: FieldCatalog.all.map {
                [.string($0.signature), .string($0.type.rawValue), .string($0.summary)]
            })
    }
}

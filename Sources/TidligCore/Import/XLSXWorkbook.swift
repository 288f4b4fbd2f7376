#if canImport(Glibc)
    import Glibc
#endif

/// An Excel workbook (.xlsx: a ZIP of XML parts), read for its first sheet.
///
/// Cells may hold shared strings, inline strings, formulas' cached values, booleans and numbers;
/// a number in a cell whose style is a date format (built-in 14-22, 45-47, or a custom format
/// with d, m or y outside quotes and brackets) is a date serial and reads as `yyyy-mm-dd`.
struct XLSXWorkbook {
    let path: String
    private let archive: ZipArchive

    /// True when the file starts with a ZIP signature (`PK\3\4`).
    static func looksLikeXLSX(path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 4)
        let got = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4) }
        return got == 4 && head == [0x50, 0x4B, 0x03, 0x04]
    }

    init(path: String) throws(ImportFailure) {
        self.path = path
        archive = try ZipArchive(path: path)
    }

    private func part(_ name: String) throws(ImportFailure) -> [UInt8]? {
        try archive.contents(of: name)
    }

    private func malformed(_ part: String) -> ImportFailure {
        ImportFailure(
            file: path, message: "not a readable .xlsx file: \(part) is not well-formed XML")
    }

    /// The first sheet of the workbook, as rows of text.
    func firstSheet() throws(ImportFailure) -> XLSXSheet {
        let sheetPath = try firstSheetPath()
        guard let sheet = try part(sheetPath) else {
            throw ImportFailure(
                file: path, message: "not a readable .xlsx file: no worksheet",
                note: "an .xlsx file has xl/workbook.xml and xl/worksheets/sheet1.xml")
        }
        return XLSXSheet(
            name: path, xml: sheet, strings: try sharedStrings(), dateStyles: try dateStyles(),
            partName: sheetPath)
    }

    /// The first `<sheet>` of the workbook, through its relationship; `sheet1.xml` otherwise.
    private func firstSheetPath() throws(ImportFailure) -> String {
        let fallback = "xl/worksheets/sheet1.xml"
        guard let workbook = try part("xl/workbook.xml") else { return fallback }
        var relation: String?
        _ = XMLScanner(bytes: workbook).scan { event in
            if relation == nil, case .start(let name, let attributes, _) = event,
                name.elementsEqual("sheet".utf8)
            {
                relation = attributes.first { $0.0.elementsEqual("id".utf8) }.map {
                    String(decoding: $0.1, as: UTF8.self)
                }
            }
        }
        guard let relation, let rels = try part("xl/_rels/workbook.xml.rels") else {
            return fallback
        }
        var target: String?
        _ = XMLScanner(bytes: rels).scan { event in
            guard case .start(let name, let attributes, _) = event,
                name.elementsEqual("Relationship".utf8)
            else { return }
            let value = { (key: String) in
                attributes.first { $0.0.elementsEqual(key.utf8) }.map {
                    String(decoding: $0.1, as: UTF8.self)
                }
            }
            if value("Id") == relation { target = value("Target") }
        }
        guard let target else { return fallback }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    // sst = <sst> { <si> ( <t>text</t> | { <r> ... <t>text</t> </r> } ) [<rPh>...</rPh>] </si> } </sst>
    private func sharedStrings() throws(ImportFailure) -> [[UInt8]] {
        guard let xml = try part("xl/sharedStrings.xml") else { return [] }
        var strings: [[UInt8]] = []
        var current: [UInt8] = []
        var inText = false, inPhonetic = false
        let ok = XMLScanner(bytes: xml).scan { event in
            switch event {
            case .start(let name, _, _):
                if name.elementsEqual("si".utf8) {
                    current = []
                } else if name.elementsEqual("t".utf8) {
                    inText = true
                } else if name.elementsEqual("rPh".utf8) {
                    inPhonetic = true
                }
            case .end(let name):
                if name.elementsEqual("si".utf8) {
                    strings.append(current)
                } else if name.elementsEqual("t".utf8) {
                    inText = false
                } else if name.elementsEqual("rPh".utf8) {
                    inPhonetic = false
                }
            case .text(let text):
                if inText, !inPhonetic { current += text }
            }
        }
        guard ok else { throw malformed("xl/sharedStrings.xml") }
        return strings
    }

    /// For each cell style (`s` index), whether its number format is a date.
    private func dateStyles() throws(ImportFailure) -> [Bool] {
        guard let xml = try part("xl/styles.xml") else { return [] }
        var customDate: [Int: Bool] = [:]
        var styles: [Bool] = []
        var inCellXfs = false
        let ok = XMLScanner(bytes: xml).scan { event in
            switch event {
            case .start(let name, let attributes, _):
                func attribute(_ key: String) -> String? {
                    attributes.first { $0.0.elementsEqual(key.utf8) }.map {
                        String(decoding: $0.1, as: UTF8.self)
                    }
                }
                if name.elementsEqual("numFmt".utf8),
                    let id = attribute("numFmtId").flatMap({ Int($0) })
                {
                    customDate[id] = XLSXWorkbook.isDateFormat(attribute("formatCode") ?? "")
                } else if name.elementsEqual("cellXfs".utf8) {
                    inCellXfs = true
                } else if inCellXfs, name.elementsEqual("xf".utf8) {
                    let id = attribute("numFmtId").flatMap { Int($0) } ?? 0
                    styles.append(
                        customDate[id] ?? ((14...22).contains(id) || (45...47).contains(id)))
                }
            case .end(let name):
                if name.elementsEqual("cellXfs".utf8) { inCellXfs = false }
            case .text: break
            }
        }
        guard ok else { throw malformed("xl/styles.xml") }
        return styles
    }

    /// A custom format is a date when d, m or y appear outside quotes and brackets (`[Red]`, `[$-414]`).
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            case "d", "m", "y": if !quoted, !bracket { return true }
            default: break
            }
        }
        return false
    }
}

/// One worksheet's rows: every cell as text (dates as `yyyy-mm-dd`), columns by their letters.
struct XLSXSheet: RowSource {
    let name: String
    let xml: [UInt8]
    let strings: [[UInt8]]
    let dateStyles: [Bool]
    let partName: String

    // sheetData = { <row r=N> { <c r=REF t=TYPE s=STYLE> [<f>..</f>] [<v>..</v>] [<is><t>..</t></is>] </c> } </row> }
    func forEachRow(_ body: (inout ExportRow) throws(ImportFailure) -> Void) throws(ImportFailure) {
        var cells: [(column: Int, text: [UInt8])] = []
        var rowNumber = 0
        var cellColumn = 0, cellType = "", cellStyle = 0
        var value: [UInt8] = []
        var inValue = false, inInline = false, inCell = false
        var failure: ImportFailure?
        var row = ExportRow()
        let ok = XMLScanner(bytes: xml).scan { event in
            guard failure == nil else { return }
            switch event {
            case .start(let tag, let attributes, _):
                if tag.elementsEqual("row".utf8) {
                    let r = attributes.first { $0.0.elementsEqual("r".utf8) }.flatMap {
                        Int(String(decoding: $0.1, as: UTF8.self))
                    }
                    rowNumber = r ?? rowNumber + 1
                    cells.removeAll(keepingCapacity: true)
                } else if tag.elementsEqual("c".utf8) {
                    inCell = true
                    value = []
                    cellType = ""
                    cellStyle = 0
                    var column = (cells.last?.column ?? -1) + 1
                    for (key, text) in attributes {
                        if key.elementsEqual("r".utf8) {
                            column = XLSXSheet.columnIndex(text) ?? column
                        } else if key.elementsEqual("t".utf8) {
                            cellType = String(decoding: text, as: UTF8.self)
                        } else if key.elementsEqual("s".utf8) {
                            cellStyle = Int(String(decoding: text, as: UTF8.self)) ?? 0
                        }
                    }
                    cellColumn = column
                } else if tag.elementsEqual("v".utf8) {
                    inValue = true
                } else if tag.elementsEqual("is".utf8) {
                    inInline = true
                }
            case .text(let text):
                if inCell, inValue || inInline { value += text }
            case .end(let tag):
                if tag.elementsEqual("v".utf8) {
                    inValue = false
                } else if tag.elementsEqual("is".utf8) {
                    inInline = false
                } else if tag.elementsEqual("c".utf8) {
                    inCell = false
                    cells.append((cellColumn, cellText(value, type: cellType, style: cellStyle)))
                } else if tag.elementsEqual("row".utf8) {
                    row.reset(line: rowNumber)
                    let width = cells.map(\.column).max().map { $0 + 1 } ?? 0
                    var byColumn = [[UInt8]](repeating: [], count: min(width, 16384))
                    for cell in cells where cell.column < byColumn.count {
                        byColumn[cell.column] = cell.text
                    }
                    for text in byColumn { row.append(field: text) }
                    do throws(ImportFailure) { try body(&row) } catch { failure = error }
                }
            }
        }
        if let failure { throw failure }
        guard ok else {
            throw ImportFailure(
                file: name, message: "not a readable .xlsx file: \(partName) is not well-formed XML"
            )
        }
    }

    /// The text of a cell from its value, type and style.
    private func cellText(_ value: [UInt8], type: String, style: Int) -> [UInt8] {
        switch type {
        case "s":
            guard let index = Int(String(decoding: value, as: UTF8.self)),
                strings.indices.contains(index)
            else { return [] }
            return strings[index]
        case "inlineStr", "str", "e", "d": return value
        case "b": return value == [0x31] ? Array("TRUE".utf8) : Array("FALSE".utf8)
        default:
            let text = String(decoding: value, as: UTF8.self)
            guard let number = Double(text) else { return value }
            if style < dateStyles.count, dateStyles[style], number >= 1, number < 2_958_466 {
                // Serial 1 is 1900-01-01; Excel counts a 29 February 1900 that never was.
                let serial = Int(number.rounded(.down))
                let day = Day(year: 1899, month: 12, day: 30)!.adding(
                    days: serial < 61 ? serial + 1 : serial)
                return Array(day.description.utf8)
            }
            if text.contains(where: { $0 == "E" || $0 == "e" }), number == number.rounded(),
                abs(number) < 1e15
            {
                return Array(String(Int(number)).utf8)
            }
            return value
        }
    }

    /// `B12` -> 1 (column B).
    static func columnIndex(_ reference: [UInt8]) -> Int? {
        var column = 0
        var letters = 0
        for b in reference {
            let upper = b & 0xDF
            guard upper >= 0x41, upper <= 0x5A else { break }
            column = column * 26 + Int(upper - 0x40)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters > 0 ? column - 1 : nil
    }
}

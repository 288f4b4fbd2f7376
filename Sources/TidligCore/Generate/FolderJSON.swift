/// Writing the folder documents of a student.
extension StudentEmitter {
    private static let sectionNames: [StaticString] = [
        "\"situation\"", "\"best-interest\"", "\"measures\"", "\"schedule\"", "\"responsible\"",
        "\"evaluate-by\"",
    ]
    private static let serviceIdTexts: [StaticString] = [
        "\"ppt\"", "\"school-health\"", "\"mental-health\"", "\"child-welfare\"", "\"slt\"",
        "\"attendance-team\"", "\"prevention-team\"",
    ]

    static func writeFolder(_ documents: [FolderDocument], to writer: inout JSONWriter) {
        guard !documents.isEmpty else { return }
        writer.raw(#","folder":["#)
        for (index, document) in documents.enumerated() {
            writer.raw(index == 0 ? #"{"date":"# : #",{"date":"#)
            writer.date(document.date)
            writer.raw(#","kind":""#)
            writer.string(document.kind.name, quoted: false)
            writer.raw("\"")
            writeFields(of: document, to: &writer)
            if let text = document.text { writer.stringField(#","text":""#, text) }
            writer.raw("}")
        }
        writer.raw("]")
    }

    private static func writeFields(of document: FolderDocument, to writer: inout JSONWriter) {
        if let quality = document.quality {
            writer.raw(#","quality":""#)
            writer.string(quality.name, quoted: false)
            writer.raw("\"")
        }
        if let template = document.template {
            writer.raw(template ? #","template":true"# : #","template":false"#)
            writer.raw(#","sections":"#)
            writeList(document.sections, names: StudentEmitter.sectionNames, to: &writer)
        }
        if let evaluateBy = document.evaluateBy {
            writer.raw(#","evaluateBy":"#)
            writer.date(evaluateBy)
        }
        if let coverage = document.coverage {
            writer.raw(coverage == .full ? #","coverage":"full""# : #","coverage":"partial""#)
        }
        if let bti = document.bti {
            writer.raw(#","bti":"#)
            writer.int(bti)
        }
        if document.kind == .meeting || document.kind == .referral {
            writer.raw(#","services":"#)
            writeList(document.services, names: StudentEmitter.serviceIdTexts, to: &writer)
        }
        if let sent = document.minutesSentTo {
            writer.raw(#","minutesSentTo":"#)
            writeList(sent, names: StudentEmitter.serviceIdTexts, to: &writer)
        }
        if let caller = document.calledBy {
            writer.raw(#","calledBy":"#)
            writer.raw(caller < 0 ? "\"school\"" : StudentEmitter.serviceIdTexts[caller])
        }
    }

    /// `["a","b"]` for the set bits of `mask`, in bit order.
    private static func writeList(_ mask: UInt8, names: [StaticString], to writer: inout JSONWriter)
    {
        writer.raw("[")
        var first = true
        for bit in names.indices where mask & (1 << UInt8(bit)) != 0 {
            if !first { writer.raw(",") }
            writer.raw(names[bit])
            first = false
        }
        writer.raw("]")
    }
}

/// Levenshtein distance over characters, ignoring case: the one rule behind every
/// "did you mean" (fields, commands, settings, placeholders, ids in a data file).
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased()), b = Array(b.lowercased())
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The closest of `candidates` to `word`: within 1 edit for words of up to 3 characters,
/// within 2 for longer ones; the first of equally close candidates; nil when none is close.
public func closestMatch(to word: String, in candidates: some Sequence<String>) -> String? {
    let limit = word.count <= 3 ? 1 : 2
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(word, candidate)
        if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    return best?.0
}

/// Greedy longest-match-first WordPiece, as `tokenizers`' WordPiece model.
///
/// A word longer than `maxInputCharactersPerWord` scalars, or one whose remainder at some point
/// matches no vocabulary entry, becomes a single unknown token.
public struct WordPieceTokenizer: Sendable {
    let vocabulary: Vocabulary
    public let unknownId: Int32
    public let continuingSubwordPrefix: String
    public let maxInputCharactersPerWord: Int

    init(
        vocabulary: Vocabulary,
        unknownId: Int32,
        continuingSubwordPrefix: String,
        maxInputCharactersPerWord: Int
    ) {
        self.vocabulary = vocabulary
        self.unknownId = unknownId
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.maxInputCharactersPerWord = maxInputCharactersPerWord
    }

    /// The pieces of one already-normalized word, as token strings.
    public func tokenize(word: String) -> [String] {
        let scalars = BasicTokenizer.scalars(of: word)
        var ids: [Int32] = []
        appendIds(of: scalars[...], to: &ids)
        return ids.map { vocabulary.tokens[Int($0)] }
    }

    /// Appends the ids of `word`'s pieces to `ids`.
    @inline(__always)
    func appendIds(of word: ArraySlice<UInt32>, to ids: inout [Int32]) {
        if word.count > maxInputCharactersPerWord {
            ids.append(unknownId)
            return
        }
        let firstPiece = ids.count
        let continuing = !continuingSubwordPrefix.isEmpty
        var start = word.startIndex
        while start < word.endIndex {
            var end = word.endIndex
            var found: Int32?
            while start < end {
                let isContinuation = continuing && start > word.startIndex
                if let id = vocabulary.id(forPiece: word[start..<end], continuing: isContinuation) {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.removeSubrange(firstPiece...)
                ids.append(unknownId)
                return
            }
            ids.append(id)
            start = end
        }
    }
}

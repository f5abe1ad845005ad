import Foundation
import LinearAlgebra
import WordPiece

/// A sentence-transformers BERT model loaded from its directory, computing the same sentence
/// embeddings as `SentenceTransformer.encode`: BERT's last hidden state, pooled, through any
/// Dense modules, L2-normalised when the model has a `Normalize` module.
public struct SentenceEncoder: Sendable {
    public let modelDirectory: URL
    public let config: Bert.Config
    public let pooling: Pooling
    public let normalizes: Bool
    /// Longest input in tokens, [CLS] and [SEP] included.
    public let maxSequenceLength: Int
    /// Length of every embedding.
    public let dimension: Int
    /// Hex SHA-256 identifying the model, for keying stored embeddings: over its small
    /// files (config, modules, pooling, tokenizer), the weights' header and size, and 16
    /// sampled 64 KiB blocks of the weights (about 1 MB hashed, so cheap at every start).
    public let contentHash: String
    /// Threads for one `embed` call; defaults to every core.
    public var threads: Int

    /// The model's own tokenizer (vocab.txt and its configuration).
    public let tokenizer: BertTokenizer
    let model: Bert.Model
    let dense: [DenseModule]

    /// Loads and checks every file the model needs; throws `BertEncoderError` naming the file
    /// (and tensor) at fault.
    public init(modelDirectory: URL, threads: Int? = nil) throws(BertEncoderError) {
        let files = try ModelFiles(directory: modelDirectory)
        self.modelDirectory = modelDirectory
        config = files.config
        pooling = files.pooling
        normalizes = files.normalize
        maxSequenceLength = files.maxSequenceLength
        dense = files.dense
        dimension = files.dense.last?.linear.outputSize ?? files.pooling.dimension(hiddenSize: files.config.hiddenSize)
        do {
            tokenizer = try BertTokenizer(modelDirectory: modelDirectory)
        } catch {
            throw .tokenizer(error)
        }
        guard tokenizer.vocabularySize <= files.config.vocabSize else {
            throw .vocabularyMismatch(
                path: modelDirectory.appendingPathComponent("vocab.txt").path,
                vocabularySize: tokenizer.vocabularySize, modelVocabularySize: files.config.vocabSize)
        }
        contentHash = try files.contentHash()
        model = try Bert.Model(config: files.config, weights: files.weights)
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The default batch size, as sentence-transformers' `encode`.
    public static let defaultBatchSize = 32

    /// Embeds token id sequences (each with its [CLS] … [SEP]) and returns one vector per
    /// sequence, in input order. Sequences are sorted by length and run `batchSize` at a time,
    /// packed without padding, on `threads` threads. OpenBLAS is set to one thread for the
    /// call and restored after (its thread count is process-wide), so BLAS work elsewhere in
    /// the process during the call runs single-threaded.
    public func embed(
        tokenIds: [[Int32]], batchSize: Int = SentenceEncoder.defaultBatchSize,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(BertEncoderError) -> [[Float]] {
        for (index, sequence) in tokenIds.enumerated() {
            guard !sequence.isEmpty else { throw .emptySequence(sequence: index) }
            guard sequence.count <= config.maxPositionEmbeddings else {
                throw .sequenceTooLong(sequence: index, length: sequence.count, limit: config.maxPositionEmbeddings)
            }
            if let position = sequence.firstIndex(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
                throw .tokenOutOfRange(
                    sequence: index, position: position, token: sequence[position], vocabularySize: config.vocabSize)
            }
        }
        guard !tokenIds.isEmpty else { return [] }

        // Longest first, as sentence-transformers does; ties keep input order.
        let order = tokenIds.indices.sorted { (tokenIds[$0].count, $1) > (tokenIds[$1].count, $0) }
        let batchSize = max(1, batchSize)
        let batches = stride(from: 0, to: order.count, by: batchSize).map { Array(order[$0..<min(order.count, $0 + batchSize)]) }
        let capacity = batches.map { $0.reduce(0) { $0 + tokenIds[$1].count } }.max() ?? 0
        let workers = max(1, threads)
        let workspace = Bert.Workspace(
            config: config, rows: capacity, longest: tokenIds[order[0]].count, workers: workers)

        // Parallelism is ours (rows, columns, heads); OpenBLAS runs single-threaded meanwhile.
        let blasThreads = BLAS.threads
        if blasThreads != 1 { BLAS.threads = 1 }
        defer { if blasThreads != 1 { BLAS.threads = blasThreads } }

        var output = [[Float]](repeating: [], count: tokenIds.count)
        var done = 0
        for members in batches {
            let vectors = run(Bert.Batch(members.map { tokenIds[$0] }), workspace, workers: workers)
            for (member, vector) in zip(members, vectors) { output[member] = vector }
            done += members.count
            progress?(done, tokenIds.count)
        }
        return output
    }

    /// Token ids of `text` as this model's tokenizer gives them: [CLS] … [SEP], truncated to
    /// `maxSequenceLength`.
    public func tokenize(_ text: String) -> [Int32] {
        tokenizer.encode(text, maxLength: maxSequenceLength)
    }

    /// Embeds texts: tokenized (in parallel), then as `embed(tokenIds:)`. `progress` receives
    /// (texts done, total) after each batch, on the calling thread.
    public func embed(
        texts: [String], batchSize: Int = SentenceEncoder.defaultBatchSize,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(BertEncoderError) -> [[Float]] {
        var ids = [[Int32]](repeating: [], count: texts.count)
        ids.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let target = SharedPointer(base)
            Parallel.chunks(texts.count, workers: threads, minimumChunk: 64) { range in
                for index in range { target.base[index] = self.tokenize(texts[index]) }
            }
        }
        return try embed(tokenIds: ids, batchSize: batchSize, progress: progress)
    }

    /// Forward pass, pooling, Dense modules and normalisation of one batch.
    func run(_ batch: Bert.Batch, _ workspace: Bert.Workspace, workers: Int) -> [[Float]] {
        model(batch, workspace, workers: workers)
        let hidden = config.hiddenSize
        let pooledWidth = pooling.dimension(hiddenSize: hidden)
        var pooled = [Float](repeating: 0, count: batch.count * pooledWidth)
        pooled.withUnsafeMutableBufferPointer { buffer in
            guard let target = buffer.baseAddress else { return }
            for sequence in 0..<batch.count {
                let rows = batch.rows(of: sequence)
                pooling(
                    workspace.hidden + rows.lowerBound * hidden, length: rows.count, hiddenSize: hidden,
                    into: target + sequence * pooledWidth)
            }
        }
        var width = pooledWidth
        for module in dense {
            pooled = module(pooled, rows: batch.count)
            width = module.linear.outputSize
        }
        return (0..<batch.count).map { sequence in
            var vector = Array(pooled[(sequence * width)..<((sequence + 1) * width)])
            if normalizes {
                vector.withUnsafeMutableBufferPointer { buffer in
                    if let base = buffer.baseAddress { Kernels.l2Normalize(base, count: width) }
                }
            }
            return vector
        }
    }
}

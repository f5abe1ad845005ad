import LinearAlgebra

// The forward pass of `BertModel` (no pooler), one struct per Hugging Face module. Inputs were
// checked at the edge (`SentenceEncoder`); from here on sizes are only `precondition`ed.

extension Bert {
    /// Token ids of several sequences packed one after another, without padding: each row of
    /// the activations is a real token, and a sequence attends only to its own rows. That is
    /// exactly what BERT's padding mask computes (masked keys get weight 0), minus the work
    /// on pad rows.
    struct Batch: Sendable {
        let tokenIds: [Int32]
        /// Sequence `s` owns rows `offsets[s]..<offsets[s + 1]`.
        let offsets: [Int]

        init(_ sequences: [[Int32]]) {
            var tokenIds: [Int32] = []
            tokenIds.reserveCapacity(sequences.reduce(0) { $0 + $1.count })
            var offsets = [0]
            for sequence in sequences {
                tokenIds.append(contentsOf: sequence)
                offsets.append(tokenIds.count)
            }
            self.tokenIds = tokenIds
            self.offsets = offsets
        }

        var count: Int { offsets.count - 1 }
        var rows: Int { tokenIds.count }
        func rows(of sequence: Int) -> Range<Int> { offsets[sequence]..<offsets[sequence + 1] }
        var longest: Int { (0..<count).map { rows(of: $0).count }.max() ?? 0 }
    }

    /// The activations of one batch, allocated once per `embed` call for its largest batch and
    /// reused, so the layers allocate nothing.
    final class Workspace {
        let capacity: Int
        let longest: Int
        let workers: Int
        /// Rows × hidden: the layer input and output (`hidden_states`).
        let hidden: UnsafeMutablePointer<Float>
        /// Rows × hidden: the attention block's output, the feed-forward's input.
        let attentionOutput: UnsafeMutablePointer<Float>
        /// Rows × 3·hidden: query, key and value side by side.
        let queryKeyValue: UnsafeMutablePointer<Float>
        /// Rows × hidden: the heads' weighted values, concatenated.
        let context: UnsafeMutablePointer<Float>
        /// Rows × intermediate.
        let intermediate: UnsafeMutablePointer<Float>
        /// One longest × longest score matrix per worker.
        let scores: UnsafeMutablePointer<Float>

        init(config: Config, rows: Int, longest: Int, workers: Int) {
            capacity = rows
            self.longest = longest
            self.workers = workers
            let hiddenSize = config.hiddenSize
            hidden = .allocate(capacity: max(1, rows * hiddenSize))
            attentionOutput = .allocate(capacity: max(1, rows * hiddenSize))
            queryKeyValue = .allocate(capacity: max(1, rows * 3 * hiddenSize))
            context = .allocate(capacity: max(1, rows * hiddenSize))
            intermediate = .allocate(capacity: max(1, rows * config.intermediateSize))
            scores = .allocate(capacity: max(1, workers * longest * longest))
        }

        deinit {
            for buffer in [hidden, attentionOutput, queryKeyValue, context, intermediate, scores] {
                buffer.deallocate()
            }
        }
    }

    /// Rows below which splitting element-wise work across threads costs more than it saves.
    static let rowsPerTask = 8

    /// `nn.Linear`: y = x·Wᵀ + b.
    struct Linear: Sendable {
        /// Wᵀ, `inputSize` rows of `outputSize`: transposed once at load from PyTorch's layout,
        /// because OpenBLAS multiplies the plain form 5–10 % faster at one sentence's rows.
        let transposedWeight: [Float]
        let bias: [Float]
        let inputSize: Int
        let outputSize: Int

        /// `weight` in PyTorch's layout: `outputSize` rows of `inputSize`.
        init(weight: [Float], bias: [Float], inputSize: Int, outputSize: Int) {
            precondition(weight.count == inputSize * outputSize && bias.count == outputSize, "Linear parameters of the wrong size")
            transposedWeight = [Float](unsafeUninitializedCapacity: weight.count) { buffer, initialized in
                for row in 0..<outputSize {
                    for column in 0..<inputSize {
                        buffer[column * outputSize + row] = weight[row * inputSize + column]
                    }
                }
                initialized = weight.count
            }
            self.bias = bias
            self.inputSize = inputSize
            self.outputSize = outputSize
        }

        /// output ← output + input·Wᵀ; the caller seeds `output` with the bias (and residual).
        func accumulate(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>, workers: Int) {
            transposedWeight.withUnsafeBufferPointer { weight in
                guard let weight = weight.baseAddress else { return }
                BLAS.gemm(
                    m: rows, n: outputSize, k: inputSize,
                    a: input, lda: inputSize, b: weight, ldb: outputSize,
                    beta: 1, c: output, ldc: outputSize, workers: workers
                )
            }
        }

        /// output ← input·Wᵀ + b.
        func callAsFunction(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>, workers: Int) {
            let target = SharedPointer(output)
            let outputSize = outputSize
            bias.withUnsafeBufferPointer { bias in
                guard let bias = bias.baseAddress else { return }
                let row = SharedPointer(UnsafeMutablePointer(mutating: bias))
                Parallel.chunks(rows, workers: workers, minimumChunk: Bert.rowsPerTask) { range in
                    Kernels.broadcast(
                        row: row.base, into: target.base + range.lowerBound * outputSize,
                        rows: range.count, columns: outputSize)
                }
            }
            accumulate(input, rows: rows, into: output, workers: workers)
        }
    }

    /// `nn.LayerNorm` over the last dimension.
    struct LayerNorm: Sendable {
        let weight: [Float]
        let bias: [Float]
        let epsilon: Float

        /// Normalises `rows` rows of `weight.count` floats in place.
        func callAsFunction(_ x: UnsafeMutablePointer<Float>, rows: Int) {
            weight.withUnsafeBufferPointer { weight in
                bias.withUnsafeBufferPointer { bias in
                    guard let weight = weight.baseAddress, let bias = bias.baseAddress else { return }
                    Kernels.layerNorm(x, rows: rows, columns: self.weight.count, weight: weight, bias: bias, epsilon: epsilon)
                }
            }
        }
    }

    /// `BertEmbeddings`: word + absolute position + token type 0 (single-sentence input),
    /// then LayerNorm (dropout is the identity at inference).
    struct Embeddings: Sendable {
        let wordEmbeddings: [Float]
        let positionEmbeddings: [Float]
        let tokenTypeEmbeddings: [Float]
        let layerNorm: LayerNorm
        let hiddenSize: Int

        func callAsFunction(_ batch: Batch, into hidden: UnsafeMutablePointer<Float>, workers: Int) {
            let target = SharedPointer(hidden)
            Parallel.chunks(batch.count, workers: workers) { sequences in
                for sequence in sequences {
                    let rows = batch.rows(of: sequence)
                    self.embed(batch.tokenIds[rows], into: target.base + rows.lowerBound * self.hiddenSize)
                    self.layerNorm(target.base + rows.lowerBound * self.hiddenSize, rows: rows.count)
                }
            }
        }

        private func embed(_ tokens: ArraySlice<Int32>, into output: UnsafeMutablePointer<Float>) {
            let width = hiddenSize
            wordEmbeddings.withUnsafeBufferPointer { words in
                positionEmbeddings.withUnsafeBufferPointer { positions in
                    tokenTypeEmbeddings.withUnsafeBufferPointer { types in
                        for (position, token) in tokens.enumerated() {
                            let id = Int(token)
                            precondition(id >= 0 && (id + 1) * width <= words.count, "token id \(id) outside the vocabulary")
                            precondition((position + 1) * width <= positions.count, "position \(position) beyond the table")
                            let row = output + position * width
                            for c in 0..<width {
                                row[c] = words[id * width + c] + positions[position * width + c] + types[c]
                            }
                        }
                    }
                }
            }
        }
    }

    /// `BertSelfAttention`: scaled dot-product attention of each sequence with itself, head by
    /// head, from one fused Q/K/V projection of all rows of the batch.
    struct SelfAttention: Sendable {
        /// query, key and value weights stacked (3·hidden rows), concatenated once at load.
        let queryKeyValue: Linear
        let numAttentionHeads: Int
        let attentionHeadSize: Int

        /// workspace.context ← softmax(Q·Kᵀ/√d)·V per sequence and head, of workspace.hidden.
        func callAsFunction(_ batch: Batch, _ workspace: Workspace, workers: Int) {
            let hiddenSize = numAttentionHeads * attentionHeadSize
            queryKeyValue(workspace.hidden, rows: batch.rows, into: workspace.queryKeyValue, workers: workers)

            let qkv = SharedPointer(workspace.queryKeyValue)
            let context = SharedPointer(workspace.context)
            let scores = SharedPointer(workspace.scores)
            let longest = workspace.longest
            let scoresPerWorker = longest * longest
            let heads = numAttentionHeads
            let headSize = attentionHeadSize
            let scale = 1 / Float(headSize).squareRoot()
            let tasks = batch.count * heads
            let used = max(1, min(workers, workspace.workers, tasks))
            // Tasks go round-robin, so the (length-sorted) sequences' heads spread evenly.
            Parallel.run(workers: used) { worker in
                let probabilities = scores.base + worker * scoresPerWorker
                var task = worker
                while task < tasks {
                    let rows = batch.rows(of: task / heads)
                    let length = rows.count
                    precondition(length <= longest, "sequence longer than the workspace")
                    let query = qkv.base + rows.lowerBound * 3 * hiddenSize + (task % heads) * headSize
                    let key = query + hiddenSize
                    let value = key + hiddenSize
                    BLAS.gemm(
                        transposeB: true, m: length, n: length, k: headSize,
                        alpha: scale, a: query, lda: 3 * hiddenSize, b: key, ldb: 3 * hiddenSize,
                        c: probabilities, ldc: length
                    )
                    Kernels.softmax(probabilities, rows: length, columns: length, stride: length)
                    BLAS.gemm(
                        m: length, n: headSize, k: length,
                        a: probabilities, lda: length, b: value, ldb: 3 * hiddenSize,
                        c: context.base + rows.lowerBound * hiddenSize + (task % heads) * headSize, ldc: hiddenSize
                    )
                    task += used
                }
            }
        }
    }

    /// `BertSelfOutput` (and `BertOutput`, the same computation at the feed-forward's width):
    /// LayerNorm(dense(states) + residual).
    struct SelfOutput: Sendable {
        let dense: Linear
        let layerNorm: LayerNorm

        func callAsFunction(
            _ states: UnsafePointer<Float>, residual: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
            rows: Int, workers: Int
        ) {
            let width = dense.outputSize
            let source = SharedPointer(UnsafeMutablePointer(mutating: residual))
            let target = SharedPointer(output)
            dense.bias.withUnsafeBufferPointer { bias in
                guard let bias = bias.baseAddress else { return }
                let row = SharedPointer(UnsafeMutablePointer(mutating: bias))
                Parallel.chunks(rows, workers: workers, minimumChunk: Bert.rowsPerTask) { range in
                    let offset = range.lowerBound * width
                    Kernels.add(source.base + offset, row: row.base, into: target.base + offset, rows: range.count, columns: width)
                }
            }
            dense.accumulate(states, rows: rows, into: output, workers: workers)
            Parallel.chunks(rows, workers: workers, minimumChunk: Bert.rowsPerTask) { range in
                self.layerNorm(target.base + range.lowerBound * width, rows: range.count)
            }
        }
    }

    typealias Output = SelfOutput

    /// `BertAttention`: self-attention, then its output projection with residual and LayerNorm.
    struct Attention: Sendable {
        let selfAttention: SelfAttention
        let output: SelfOutput

        /// workspace.attentionOutput ← attention block of workspace.hidden.
        func callAsFunction(_ batch: Batch, _ workspace: Workspace, workers: Int) {
            selfAttention(batch, workspace, workers: workers)
            output(
                workspace.context, residual: workspace.hidden, into: workspace.attentionOutput,
                rows: batch.rows, workers: workers)
        }
    }

    /// `BertIntermediate`: dense to the feed-forward width, then exact GELU.
    struct Intermediate: Sendable {
        let dense: Linear

        func callAsFunction(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>, workers: Int) {
            dense(input, rows: rows, into: output, workers: workers)
            let width = dense.outputSize
            let target = SharedPointer(output)
            Parallel.chunks(rows, workers: workers, minimumChunk: Bert.rowsPerTask) { range in
                Kernels.gelu(target.base + range.lowerBound * width, count: range.count * width)
            }
        }
    }

    /// `BertLayer`: attention block, then feed-forward block; workspace.hidden in and out.
    struct Layer: Sendable {
        let attention: Attention
        let intermediate: Intermediate
        let output: Output

        func callAsFunction(_ batch: Batch, _ workspace: Workspace, workers: Int) {
            attention(batch, workspace, workers: workers)
            intermediate(workspace.attentionOutput, rows: batch.rows, into: workspace.intermediate, workers: workers)
            output(
                workspace.intermediate, residual: workspace.attentionOutput, into: workspace.hidden,
                rows: batch.rows, workers: workers)
        }
    }

    /// `BertEncoder`: the layers in order.
    struct Encoder: Sendable {
        let layer: [Layer]

        func callAsFunction(_ batch: Batch, _ workspace: Workspace, workers: Int) {
            for layer in layer {
                layer(batch, workspace, workers: workers)
            }
        }
    }

    /// `BertModel` without its pooler (sentence-transformers pools the token embeddings).
    struct Model: Sendable {
        let config: Config
        let embeddings: Embeddings
        let encoder: Encoder

        /// Leaves `last_hidden_state` for the batch's rows in `workspace.hidden`.
        func callAsFunction(_ batch: Batch, _ workspace: Workspace, workers: Int) {
            precondition(batch.rows <= workspace.capacity && batch.longest <= workspace.longest, "workspace too small")
            guard batch.rows > 0 else { return }
            embeddings(batch, into: workspace.hidden, workers: workers)
            encoder(batch, workspace, workers: workers)
        }
    }
}

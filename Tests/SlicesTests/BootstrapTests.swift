import Agreement
import Slices
import Testing

@Suite struct BootstrapTests {
    @Test("intervals and findings do not depend on the number of threads", arguments: [1, 2, 7])
    func independentOfWorkers(workers: Int) throws {
        // Given
        let data = try SyntheticSlices(items: 500, seed: 3, modelAccuracy: ["es": 0.6]).make()

        // When
        let reference = try SliceAnalysis(data, options: SliceOptions(draws: 64, seed: 9, workers: 3))
        let other = try SliceAnalysis(data, options: SliceOptions(draws: 64, seed: 9, workers: workers))

        // Then
        #expect(reference.dimensions == other.dimensions)
        #expect(reference.findings == other.findings)
        let accuracy = try #require(reference.dimension("lang")?.slice("en")?.model?.accuracy?.interval)
        #expect(accuracy.validDraws == 64)
    }

    @Test("the same seed repeats the analysis; another seed moves the intervals, not the estimates")
    func seeds() throws {
        let data = try SyntheticSlices(items: 500, seed: 4).make()
        let first = try SliceAnalysis(data, options: SliceOptions(draws: 100, seed: 1))
        let again = try SliceAnalysis(data, options: SliceOptions(draws: 100, seed: 1))
        let other = try SliceAnalysis(data, options: SliceOptions(draws: 100, seed: 2))
        #expect(first == again)
        let a = try #require(first.dimension("lang")?.slice("es")?.agreement.krippendorffAlpha)
        let b = try #require(other.dimension("lang")?.slice("es")?.agreement.krippendorffAlpha)
        #expect(a.value == b.value)
        #expect(a.interval != b.interval)
    }

    @Test("point estimates do not depend on the bootstrap")
    func pointsIndependentOfDraws() throws {
        let data = try SyntheticSlices(items: 400, seed: 5).make()
        let without = try SliceAnalysis(data, options: SliceOptions(draws: 0))
        let with = try SliceAnalysis(data, options: SliceOptions(draws: 50))
        for (plain, bootstrapped) in zip(without.dimensions, with.dimensions) {
            for (p, b) in zip(plain.slices, bootstrapped.slices) {
                #expect(p.model?.accuracy?.value == b.model?.accuracy?.value)
                #expect(p.model?.selectionRate.map(\.value) == b.model?.selectionRate.map(\.value))
                #expect(p.annotatorLabels?.macroF1?.value == b.annotatorLabels?.macroF1?.value)
                #expect(p.agreement.krippendorffAlpha?.value == b.agreement.krippendorffAlpha?.value)
                #expect(p.model?.accuracy?.interval == nil)
                #expect(b.model?.accuracy?.interval != nil)
            }
            #expect(plain.gaps == bootstrapped.gaps)
        }
        #expect(without.findings.isEmpty)
    }

    @Test("a dimension's intervals do not depend on which other dimensions are analysed")
    func dimensionsAreIndependentStreams() throws {
        let data = try SyntheticSlices(items: 400, seed: 6).make()
        let alone = try SliceData(
            labels: data.labels, annotators: data.annotators, ratings: data.ratings, gold: data.gold,
            predictions: data.predictions, itemDimensions: data.itemDimensions)
        let both = try SliceAnalysis(data, options: SliceOptions(draws: 80))
        let single = try SliceAnalysis(alone, options: SliceOptions(draws: 80))
        #expect(both.dimension("lang") == single.dimension("lang"))
    }

    @Test("95% intervals bracket the estimate and shrink with four times the items")
    func coverage() throws {
        let small = try SliceAnalysis(SyntheticSlices(items: 500, seed: 7).make(), options: SliceOptions(draws: 300))
        let large = try SliceAnalysis(SyntheticSlices(items: 2_000, seed: 7).make(), options: SliceOptions(draws: 300))
        var widths: [Double] = []
        for analysis in [small, large] {
            let accuracy = try #require(analysis.dimension("lang")?.slice("en")?.model?.accuracy)
            let interval = try #require(accuracy.interval)
            #expect(interval.lower < accuracy.value && accuracy.value < interval.upper)
            widths.append(interval.upper - interval.lower)
            let alpha = try #require(analysis.dimension("region")?.slice("eu")?.agreement.krippendorffAlpha)
            let alphaInterval = try #require(alpha.interval)
            #expect(alphaInterval.lower < alpha.value && alpha.value < alphaInterval.upper)
        }
        // Width goes as 1/√n: about half; allow for sampling noise.
        #expect(widths[1] < 0.7 * widths[0])
    }
}

import AnnotationStore
import Testing
@testable import ModelLoop

@Suite struct AnnotationQueueTests {
    func snapshot(_ order: [Int64], annotators: [Int64: Int] = [:], slices: [Int64: String] = [:],
                  labelsPerSlice: [String: Int] = [:]) -> QueueSnapshot {
        QueueSnapshot(order: order, annotators: annotators, sliceValues: slices, labelsPerSlice: labelsPerSlice)
    }

    @Test("the queue offers items in order and passes over labelled, skipped and filled ones")
    func order() {
        var queue = AnnotationQueue(snapshot: snapshot([5, 3, 9, 1]), strategy: .random, overlap: 2)
        #expect(queue.next()?.item == 5)
        #expect(queue.next()?.item == 5)  // asking again does not move on
        queue.labelled(5)
        #expect(queue.next()?.item == 3)
        queue.skipped(3)
        queue.full(9)
        #expect(queue.next()! == (1, .randomOrder))
        queue.labelled(1)
        #expect(queue.next() == nil)
        #expect(queue.remaining == 0)
    }

    @Test("slice-balanced takes the next item from the slice with the fewest labels")
    func sliceBalanced() {
        let slices: [Int64: String] = [1: "en", 2: "en", 3: "fr", 4: "fr", 5: "de"]
        var queue = AnnotationQueue(snapshot: snapshot([1, 2, 3, 4, 5], slices: slices, labelsPerSlice: ["en": 1, "fr": 0, "de": 3]),
                               strategy: .sliceBalanced, overlap: 2, sliceColumn: "lang")
        let first = queue.next()
        #expect(first?.item == 3)
        #expect(first?.reason.description == "slice lang = fr has the fewest labels (0)")
        queue.labelled(3)
        // en 1, fr 1: ties go to the first slice value in order.
        #expect(queue.next()?.item == 1)
        queue.labelled(1)
        #expect(queue.next()?.item == 4)
        queue.labelled(4)
        queue.skipped(2)
        #expect(queue.next()?.item == 5)
    }

    @Test("items without a slice value are a slice of their own, balanced like the others")
    func valuelessSlice() {
        // Items 4 and 5 have no language; two labels were given on them before.
        let slices: [Int64: String] = [1: "en", 2: "en", 3: "fr"]
        var queue = AnnotationQueue(snapshot: snapshot([4, 1, 5, 3, 2], slices: slices, labelsPerSlice: ["": 2, "en": 0, "fr": 1]),
                               strategy: .sliceBalanced, overlap: 2, sliceColumn: "lang")
        #expect(queue.next()?.item == 1)  // en has the fewest labels (0)
        queue.labelled(1)
        #expect(queue.next()?.item == 2)  // en 1, fr 1: ties go to the first value in order
        queue.labelled(2)
        #expect(queue.next()?.item == 3)  // fr 1
        queue.labelled(3)
        // "" 2, en 2, fr 2: the value-less slice is first in order and now gets its turn.
        #expect(queue.next()! == (4, .fewestLabelsInSlice(column: "lang", value: nil, labels: 2)))
        queue.labelled(4)
        #expect(queue.next()?.item == 5)
    }

    @Test("an undone item is offered again first, even after a second undo put another before it")
    func undoTwice() {
        var queue = AnnotationQueue(snapshot: snapshot([1, 2, 3, 4]), strategy: .random, overlap: 2)
        queue.labelled(1)
        queue.labelled(2)
        #expect(queue.next()?.item == 3)
        queue.unlabelled(2)
        queue.unlabelled(1)
        #expect(queue.next()?.item == 1)
        queue.labelled(1)
        #expect(queue.next()?.item == 2)
        queue.skipped(2)
        #expect(queue.next()?.item == 3)
    }

    @Test("a model's ranking goes first with its reasons; labelled items never come back")
    func ranked() {
        var queue = AnnotationQueue(snapshot: snapshot([1, 2, 3, 4]), strategy: .uncertain, overlap: 1)
        queue.labelled(1)
        #expect(queue.next()! == (2, .noModelYet))
        queue.rank([(item: 4, reason: .model(margin: 0.02, conflict: nil)), (item: 1, reason: .model(margin: 0.5, conflict: nil))])
        #expect(queue.next()! == (4, .model(margin: 0.02, conflict: nil)))
        #expect(queue.next()?.reason.description == "the model is unsure (margin 0.02)")
        queue.labelled(4)
        // Ranked, but without a prediction: not embedded.
        #expect(queue.next()! == (2, .notEmbedded))
        #expect(queue.pending == [2, 3])
    }

    @Test("an item that others filled to the overlap is not offered")
    func filledByOthers() {
        var queue = AnnotationQueue(snapshot: snapshot([1, 2], annotators: [1: 1]), strategy: .random, overlap: 1)
        #expect(queue.next()?.item == 2)
    }
}

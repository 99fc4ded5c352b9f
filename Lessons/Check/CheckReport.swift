// CheckReport.swift: how the checker words its verdicts (80 columns, plain ASCII).

import LessonKit

enum CheckReport {
    /// The width of the status column.
    static let statusWidth = 14

    /// "  done          3.1 gridSize: ..." plus, for a wrong answer, the input, both
    /// answers and the hint, indented under the title.
    static func lines(_ check: ExerciseCheck, _ verdict: Verdict) -> String {
        let indent = String(repeating: " ", count: 2 + statusWidth)
        let status: String
        var details: [String] = []
        switch verdict {
        case .done: status = "done"
        case .notDoneYet: status = "not done yet"
        case let .wrong(input, expected, got):
            status = "wrong"
            details = ["input:    " + input, "expected: " + expected, "got:      " + got, "hint:     " + check.hint]
        case let .crashed(message, input):
            status = "crashed"
            details = (input.map { ["input:    " + $0] } ?? [])
                + ["stopped:  " + message + " (your code stopped the program)", "hint:     " + check.hint]
        case let .timedOut(seconds):
            status = "too slow"
            details = ["running:  still running after \(seconds) s: an endless loop?"]
        }
        // The status in its column, the title wrapped under itself (prefix and indent
        // have the same width).
        let prefix = "  " + status.padding(toLength: statusWidth, withPad: " ", startingAt: 0)
        var text = [prefix + Prose.wrap(check.id + " " + check.title, indent: indent).dropFirst(indent.count)]
        for detail in details {
            // Aligned after "expected: " so long values wrap under themselves.
            let label = String(detail.prefix(10))
            let wrapped = Prose.wrap(String(detail.dropFirst(10)), indent: indent + "          ")
            text.append(indent + label + wrapped.dropFirst(indent.count + 10))
        }
        return text.joined(separator: "\n")
    }

    /// "7 of 16 done." and what to do next.
    static func progress(done: Int, of checks: [ExerciseCheck], verdicts: [Verdict]) -> String {
        var text = "\(done) of \(checks.count) done."
        if let next = zip(checks, verdicts).first(where: { !$0.1.isDone }) {
            let file = Catalogue.lessons.first { $0.number == next.0.lesson }?.file ?? "Lessons/Exercises/"
            text += " Next: exercise \(next.0.id) in \(file)."
        } else if !checks.isEmpty {
            text += " Well done."
        }
        return Prose.wrap(text)
    }
}

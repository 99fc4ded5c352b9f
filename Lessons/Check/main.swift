// Check: grades the coding exercises in Lessons/Exercises/.
//
//   swift run Check                 every exercise
//   swift run Check 3               Lesson 3's exercises (several numbers may be given)
//   swift run Check 3.2             one exercise
//   swift run Check --solutions     the teacher's solutions in Lessons/Solutions/
//
// Each exercise is run against TuningLab's own implementation on several inputs,
// edge cases included, and reported as done, not done yet, or wrong (with the first
// input that differs, both answers and a hint). The exit status is 0 only when every
// exercise asked for is done.

import Foundation
import LessonKit

let usage = """
    usage: swift run Check [--solutions] [LESSON | EXERCISE ...]

    Checks your code in Lessons/Exercises/ against TuningLab's own implementation.
      swift run Check          every exercise
      swift run Check 3        Lesson 3's exercises
      swift run Check 3.2      exercise 2 of Lesson 3
      --solutions              grade the teacher's solutions (Lessons/Solutions/)
    Exit status 0 when every exercise asked for is done, 1 otherwise, 64 for a usage error.
    """

func complain(_ message: String, status: Int32) -> Never {
    try? FileHandle.standardError.write(contentsOf: Data((message + "\n").utf8))
    exit(status)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
let source: Source = arguments.contains("--solutions") ? .solutions : .student
arguments.removeAll { $0 == "--solutions" }

// The child's side: run one exercise and print its verdict for the parent (Isolation.swift).
if arguments.first == "--run-one", arguments.count == 2 {
    let verdict = Isolation.runHere(arguments[1], source: source)
    FileHandle.standardOutput.write(try JSONEncoder().encode(verdict))
    exit(0)
}

// Which exercises: lesson numbers ("3") or exercise ids ("3.2"); none means all.
if let flag = arguments.first(where: { $0.hasPrefix("-") }) {
    complain("Check: unknown option '\(flag)'\n\n\(usage)", status: 64)
}
var selected: [ExerciseCheck] = []
for request in arguments {
    let matches = Catalogue.all.filter { $0.id == request || "\($0.lesson)" == request }
    guard !matches.isEmpty else {
        let known = Catalogue.lessons.map { "\($0.number)" }.joined(separator: ", ")
        complain("Check: no lesson or exercise '\(request)'; lessons with exercises: \(known)\n\n\(usage)", status: 64)
    }
    selected += matches.filter { match in !selected.contains { $0.id == match.id } }
}
if arguments.isEmpty { selected = Catalogue.all }

print(Prose.wrap(source == .student
                 ? "TuningLab exercises: your code in Lessons/Exercises/, checked against the library."
                 : "TuningLab exercises: the teacher's solutions in Lessons/Solutions/, checked against the library."))
var verdicts: [(check: ExerciseCheck, verdict: Verdict)] = []
for lesson in Catalogue.lessons {
    let checks = lesson.checks.filter { check in selected.contains { $0.id == check.id } }
    guard !checks.isEmpty else { continue }
    print("")
    let file = source == .student ? lesson.file : lesson.file.replacingOccurrences(of: "Exercises", with: "Solutions")
    print(Prose.wrap("Lesson \(lesson.number): \(lesson.title) (\(file))"))
    for check in checks {
        let verdict = Isolation.verdict(of: check.id, source: source)
        verdicts.append((check, verdict))
        print(CheckReport.lines(check, verdict))
    }
}
let done = verdicts.filter { $0.verdict.isDone }.count
print("")
print(CheckReport.progress(done: done, of: verdicts.map(\.check), verdicts: verdicts.map(\.verdict)))
exit(done == verdicts.count ? 0 : 1)

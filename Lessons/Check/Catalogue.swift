// Catalogue.swift: every exercise the checker knows, lesson by lesson, in order.

/// One lesson's exercises and the file a student edits.
struct LessonExercises {
    let number: Int
    let title: String
    let checks: [ExerciseCheck]
    /// The student's file, relative to the package.
    var file: String { "Lessons/Exercises/Lesson\(number).swift" }
}

enum Catalogue {
    /// Every lesson with exercises, in lesson order.
    static let lessons: [LessonExercises] = [
        LessonExercises(number: 1, title: "manual tuning", checks: Lesson1Checks.all),
        LessonExercises(number: 2, title: "random search", checks: Lesson2Checks.all),
        LessonExercises(number: 3, title: "grid search", checks: Lesson3Checks.all),
        LessonExercises(number: 4, title: "Bayesian optimisation", checks: Lesson4Checks.all),
        LessonExercises(number: 5, title: "model selection", checks: Lesson5Checks.all),
        LessonExercises(number: 6, title: "early stopping and Hyperband", checks: Lesson6Checks.all),
        LessonExercises(number: 7, title: "choosing a tuner", checks: Lesson7Checks.all),
    ]

    /// Every exercise, in the order the checker reports them.
    static var all: [ExerciseCheck] { lessons.flatMap(\.checks) }
}

// Lesson 1's own checks (determinism and layout are in AllLessonsOutputTests): the
// student's trial, divergence as an outcome, bad data files, step mode.

import Foundation
import Testing
import TestSupport

@Suite("Lesson 1 output", .serialized)
struct Lesson1OutputTests {
    let program = "Lesson1_ManualTuning"

    @Test func aHugeLearningRateIsReportedAsDivergenceNotACrash() throws {
        let run = try LessonRunner.run(program, ["--quick", "--learning-rate", "50"])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("Your trial (lr 50, batch 10, 40 epochs, 10 hidden): diverged at epoch 1"))
        #expect(run.standardOutput.contains("your trial"))
    }

    /// Issue 8: on the breast-cancer data lr 1 diverges, and the summary once said "lr 1
    /// ended at validation accuracy nan". The printed network is the one for that data.
    @Test func aDivergedRateIsSummarisedAsDivergedAndTheNetworkFitsTheData() throws {
        let run = try LessonRunner.run(program, ["--quick", "--data", "breast-cancer"])
        #expect(run.status == 0)
        let out = LessonRunner.flattened(run.standardOutput)
        #expect(out.contains("lr 1 diverged at epoch 1") && !out.contains(" nan"))
        #expect(out.contains("Dense(10, relu) on the 30 features") && out.contains("(30 x 10 + 10 weights"))
        #expect(out.contains("ArticleNetwork.make(inputs: data.train.x.columns,"))
    }

    @Test func theStudentsTrialLandsInTheJournal() throws {
        let run = try LessonRunner.run(program, ["--quick", "--learning-rate", "0.003", "--batch-size", "20"])
        #expect(run.status == 0)
        let journalLine = run.standardOutput.split(separator: "\n").first { $0.contains("your trial") }
        #expect(journalLine?.contains("0.003") == true && journalLine?.contains("20") == true)
    }

    @Test func lessonOptionsAreChecked() throws {
        for arguments in [["--learning-rat", "0.1"], ["--epochs", "zero"], ["--batch-size", "0"], ["--learning-rate", "-1"]] {
            let run = try LessonRunner.run(program, arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(LessonRunner.flattened(run.standardError).contains("usage: swift run Lesson1_ManualTuning"), "\(arguments)")
            #expect(run.standardOutput.isEmpty)
        }
        let help = try LessonRunner.run(program, ["--help"])
        #expect(help.status == 0 && help.standardOutput.contains("--learning-rate X"))
        // Review 1, Lesson 1 #8: only the datasets with a 0/1 target are offered by name.
        let names = LessonRunner.flattened(help.standardOutput)
        #expect(names.contains("accepts by name (from datasets/): breast-cancer, pima-diabetes"))
        #expect(!names.contains("iris") && !names.contains("digits-8x8"))
    }

    @Test func aBadDataFileNamesFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuninglab-lesson1-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("broken.csv")
        try "a,b,c,d,e,f,g,h,y\n1,2,3,4,5,6,7,8,1\n1,2,3,x,5,6,7,8,0\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try LessonRunner.run(program, ["--quick", "--data", file.path])
        #expect(run.status == 65)
        #expect(LessonRunner.flattened(run.standardError).contains("\(file.path):3:4: 'x' in column 4 ('d') is not a finite number"))
        let missing = try LessonRunner.run(program, ["--data", "nope.csv"])
        #expect(missing.status == 65)
        #expect(LessonRunner.flattened(missing.standardError).contains("nope.csv: no such file") && LessonRunner.flattened(missing.standardError).contains("pima-diabetes"))
        // Review 4 #22: only the datasets this lesson accepts are listed, as --help does.
        #expect(LessonRunner.flattened(missing.standardError).contains("that fit this lesson: breast-cancer, pima-diabetes"))
        #expect(!LessonRunner.flattened(missing.standardError).contains("iris"))
    }

    @Test func runsFromAnotherDirectory() throws {
        let run = try LessonRunner.run(program, ["--quick"], in: FileManager.default.temporaryDirectory)
        #expect(run.status == 0 && run.standardOutput.contains("768 rows"))
    }

    @Test func stepModePrintsTheSameAndNeverHangsOnEndOfInput() throws {
        let plain = try LessonRunner.run(program, ["--quick"])
        let stepped = try LessonRunner.run(program, ["--quick", "--step"], input: String(repeating: "\n", count: 20))
        #expect(stepped.standardOutput == plain.standardOutput)
        // stderr is a pipe here, not a terminal: no prompt is written into it.
        #expect(!LessonRunner.flattened(stepped.standardError).contains("[press Enter"))
        // Two presses, then end of input: the lesson must run to the end, not hang.
        let cut = try LessonRunner.run(program, ["--quick", "--step"], input: "\n\n")
        #expect(cut.status == 0 && cut.standardOutput == plain.standardOutput)
    }
}

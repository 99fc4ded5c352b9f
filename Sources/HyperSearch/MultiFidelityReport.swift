// MultiFidelityReport.swift
//
// What this file teaches: how to read an early-stopping search afterwards: which
// trials each rung saw and which it promoted, and what every trial cost. Charts of
// learning curves and rungs are drawn by the lessons from the same records
// (`MultiFidelityTrial.scores`, `RungRecord`, `JobRecord`).

import TextCharts

public enum MultiFidelityReport {
    /// One row per rung: bracket, s, rung, epochs, trials (and how many were planned),
    /// how many were promoted, the best and the worst score in the rung, and the
    /// promoted trial numbers, best first (the first four, then how many more).
    public static func rungTable(_ result: MultiFidelityResult, decimals: Int = 3, maxRows: Int? = nil) -> String {
        var table = Table(columns: [Table.Column("bracket"), Table.Column("s"), Table.Column("rung"), Table.Column("epochs"),
                                    Table.Column("trials"), Table.Column("promoted"), Table.Column("best"),
                                    Table.Column("worst"), Table.Column("promoted trials", alignment: .left)])
        let listed = 4   // promoted trials named per row
        for rung in result.rungs.prefix(maxRows ?? result.rungs.count) {
            var scores: [Double] = []
            for number in rung.trials {
                if let score = result.trials[number - 1].score(afterEpochs: rung.epochs) { scores.append(score) }
            }
            var best = scores.first, worst = scores.first
            for score in scores {
                if result.direction.isBetter(score, than: best!) { best = score }
                if result.direction.isBetter(worst!, than: score) { worst = score }
            }
            let planned = rung.plannedTrials.map { "\(rung.trials.count)/\($0)" } ?? String(rung.trials.count)
            table.addRow([String(rung.bracket), String(rung.s), String(rung.rung), String(rung.epochs), planned,
                          String(rung.promoted.count), best.map { Format.fixed($0, decimals) } ?? "-",
                          worst.map { Format.fixed($0, decimals) } ?? "-", numberList(rung.promoted, limit: listed)])
        }
        let cut = result.rungs.prefix(maxRows ?? result.rungs.count).contains { $0.promoted.count > listed }
        return table.render() + "\n  trials: reached the rung / planned; best, worst: scores at the rung's epochs"
            + (cut ? "\n  promoted trials: +N means N more promoted, not listed" : "")
    }

    /// One row per trial: number, configuration (short names), epochs trained, latest
    /// score, jobs run and status.
    public static func trialTable(_ result: MultiFidelityResult, decimals: Int = 3, maxRows: Int? = nil) -> String {
        let names = result.trials.first?.configuration.names ?? []
        var columns = [Table.Column("#")]
        for name in names { columns.append(Table.Column(SearchReport.shortName(name))) }
        columns += [Table.Column("epochs"), Table.Column("score"), Table.Column("jobs"),
                    Table.Column("status", alignment: .left)]
        var table = Table(columns: columns)
        for trial in result.trials.prefix(maxRows ?? result.trials.count) {
            var cells = [String(trial.number)]
            for value in trial.configuration.values { cells.append(value.description) }
            cells += [String(trial.epochs), trial.latestScore.map { Format.fixed($0, decimals) } ?? "-",
                      String(trial.jobCount), shortStatus(trial)]
            table.addRow(cells)
        }
        return table.render()
    }

    /// The first `limit` numbers and how many more: "3 7 12 15 +5" (short enough for
    /// 80 columns).
    static func numberList(_ numbers: [Int], limit: Int) -> String {
        let shown = numbers.prefix(limit).map(String.init).joined(separator: " ")
        return numbers.count > limit ? shown + " +\(numbers.count - limit)" : shown
    }

    /// The status without the divergence or failure reason (which would not fit).
    static func shortStatus(_ trial: MultiFidelityTrial) -> String {
        switch trial.state {
        case .diverged: return "diverged"
        case .failed: return "failed"
        default: return trial.status
        }
    }
}

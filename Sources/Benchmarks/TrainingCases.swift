// TrainingCases.swift: training throughput, in training examples per second.
//
// Both cases follow ../shared/bench/numpy_mlp_reference.py: 80/20 stratified split,
// standardised features, Adam lr 0.001, the same layer sizes, batch size and epochs.

import LabData
import LabMath
import TrainingEngine

/// Trains `hidden`-unit MLPs on a dataset and reports samples per second.
func mlpThroughput(dataset: Dataset, hidden: Int, batchSize: Int, epochs: Int) throws -> Double {
    var rng = SeededGenerator(seed: 0)
    let labels = try dataset.classLabels()
    let split = try DataSplitter.stratified(labels: labels, validationFraction: 0, testFraction: 0.2, rng: &rng)
    let train = dataset.subset(split.train)
    let x = Standardizer(fittedOn: train.features).transform(train.features)
    let classes = try dataset.classCount()
    let binary = classes == 2
    let y = binary ? columnMatrix(train.targets) : oneHot(split.train.map { labels[$0] }, classCount: classes)
    let time = try bestSeconds(of: 9) {
        let model = Sequential()
        model.add(Dense(hidden, inputDim: dataset.featureCount, activation: .relu))
        model.add(Dense(binary ? 1 : classes, activation: binary ? .sigmoid : .softmax))
        try model.compile(loss: binary ? .binaryCrossEntropy : .categoricalCrossEntropy,
                          optimizer: Adam(learningRate: 0.001), metrics: [.accuracy], weightsFrom: &rng)
        try model.fit(x, y, epochs: epochs, batchSize: batchSize, rng: &rng)
    }
    return Double(train.count * epochs) / time
}

func trainingCases(catalog: DatasetCatalog) -> [BenchmarkCase] {
    [
        BenchmarkCase(name: "train-pima-mlp", unit: "samples/s") {
            try mlpThroughput(dataset: catalog.load("pima-diabetes"), hidden: 10, batchSize: 10, epochs: 100)
        },
        BenchmarkCase(name: "train-digits-mlp", unit: "samples/s") {
            try mlpThroughput(dataset: catalog.load("digits-8x8"), hidden: 64, batchSize: 32, epochs: 50)
        },
    ]
}

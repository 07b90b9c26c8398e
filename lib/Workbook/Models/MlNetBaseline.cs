using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Workbook.Data;

namespace Workbook.Models;

public static class MlNetBaseline
{
    sealed class Example
    {
        [VectorType(28 * 28)] public float[] Pixels { get; set; } = [];
        public uint Digit { get; set; }
    }

    public static BaselineResult Train(MnistSplit train, MnistSplit test, int iterations = 10, int seed = 0)
    {
        var ml = new MLContext(seed);
        var trainData = ml.Data.LoadFromEnumerable(Examples(train));
        var testData = ml.Data.LoadFromEnumerable(Examples(test));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Example.Digit))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", nameof(Example.Pixels), maximumNumberOfIterations: iterations));

        var clock = Stopwatch.StartNew();
        var model = pipeline.Fit(trainData);
        var seconds = clock.Elapsed.TotalSeconds;
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(testData), "Label");
        var counts = metrics.ConfusionMatrix.Counts;
        // The key mapping orders digits as first seen in the training data; put rows and columns back in digit order.
        var keys = new VBuffer<uint>();
        model.GetOutputSchema(trainData.Schema)["Label"].GetKeyValues(ref keys);
        var digitOf = keys.DenseValues().Select(v => (int)v).ToArray();
        var matrix = new long[10][];
        for (var d = 0; d < 10; d++) matrix[d] = new long[10];
        for (var r = 0; r < counts.Count; r++)
            for (var c = 0; c < counts[r].Count; c++)
                matrix[digitOf[r]][digitOf[c]] = (long)counts[r][c];
        return new BaselineResult("ML.NET SdcaMaximumEntropy (raw pixels)", train.Count, test.Count, seconds,
            metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.LogLoss, matrix);
    }

    static IEnumerable<Example> Examples(MnistSplit split)
    {
        var pixels = split.Images.cpu().data<float>().ToArray();
        var labels = split.Labels.cpu().data<long>().ToArray();
        for (var i = 0; i < labels.Length; i++)
            yield return new Example { Pixels = pixels.AsSpan(i * 784, 784).ToArray(), Digit = (uint)labels[i] };
    }
}

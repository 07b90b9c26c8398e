using Workbook.Benchmarks.Envelope;
using Workbook.Models;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Tests.Benchmarks;

/// <summary>The envelope's counts come from the model itself and match a hand calculation of the Keras CNN.</summary>
public class StepCountTests
{
    public StepCountTests() => TorchRuntime.Initialize();

    // Per image, by hand: conv1 1->32 3x3 on 28x28 gives 26x26x32 = 21,632 outputs, 2 x 1 x 9 FLOPs each; conv2 32->64
    // 3x3 gives 24x24x64 = 36,864 outputs, 2 x 32 x 9 each; dense 9216->128 and output 128->10, 2 x inputs per output.
    const long Conv1 = 2L * 1 * 9 * 26 * 26 * 32, Conv2 = 2L * 32 * 9 * 24 * 24 * 64, Dense = 2L * 9216 * 128, Output = 2L * 128 * 10;

    [Fact]
    public void Keras_cnn_counts_match_the_hand_calculation()
    {
        using var model = ModelZoo.CreateTimed("cnn", TorchSharp.torch.CPU); // the step the CPU times, after the speed-ups
        var count = StepCount.Count(model, "cnn", batchSize: 128);

        Assert.Equal(1_199_882, count.Parameters); // Keras's published count for mnist_cnn
        Assert.Equal(389_376, Conv1);
        Assert.Equal(21_233_664, Conv2);
        var weightForward = count.Groups.Where(g => g.Phase == StepPhase.Forward && g.Kind is "Conv2d" or "Linear").Sum(g => g.Flops);
        Assert.Equal(128.0 * (Conv1 + Conv2 + Dense + Output), weightForward);
        Assert.Equal(128.0 * model.ForwardFlopsPerSample, weightForward); // the model's own summary agrees
        // Backward: 2x forward, except conv1, whose input (the images) needs no gradient: 1x.
        var weightBackward = count.Groups.Where(g => g.Phase == StepPhase.Backward && g.Kind is "Conv2d" or "Linear").Sum(g => g.Flops);
        Assert.Equal(128.0 * (Conv1 + 2 * (Conv2 + Dense + Output)), weightBackward);
        Assert.InRange(count.Flops / 1e9, 9.1, 9.3); // "about 9 GFLOP for 128 images"

        // Launches, by the stated rules: forward conv1+bias 2, relu 1, conv2 1, pool 1, bias 1, relu 1, dropout 4, flatten 0,
        // dense 1, relu 1, dropout 4, output 1 = 18; backward 2+1+2+1+1+1+1+0+3+1+1+3 = 17; loss 6; optimizer 12.
        Assert.Equal(18, count.Groups.Where(g => g.Phase == StepPhase.Forward).Sum(g => g.Launches));
        Assert.Equal(17, count.Groups.Where(g => g.Phase == StepPhase.Backward).Sum(g => g.Launches));
        Assert.Equal(18 + 17 + 6 + 12, count.Launches);

        // Bytes of conv2's forward: its input, its weights and its output, float32.
        var conv2 = count.Groups.Single(g => g.Layer.EndsWith("conv2d_2", StringComparison.Ordinal) && g.Phase == StepPhase.Forward);
        Assert.Equal(4.0 * (128 * 26 * 26 * 32 + 32 * 64 * 9 + 128 * 24 * 24 * 64), conv2.Bytes);
        // The optimizer reads and writes the parameters 28 times; a view (the flatten) moves nothing.
        Assert.Equal(4.0 * 28 * 1_199_882, count.Groups.Single(g => g.Phase == StepPhase.Optimizer).Bytes);
        Assert.All(count.Groups.Where(g => g.Kind == nameof(ChannelsLastFlatten)), g => Assert.Equal(0, g.Bytes));
    }

    [Fact]
    public void Counts_scale_with_the_batch_and_leave_the_model_as_it_was()
    {
        using var model = ModelZoo.DeepCnn();
        model.train();
        var before = model.modules().OfType<TorchSharp.Modules.BatchNorm2d>().First().running_mean!.clone();
        var small = StepCount.Count(model, "deep", batchSize: 32);
        var large = StepCount.Count(model, "deep", batchSize: 128);
        Assert.True(model.training);
        Assert.True(before.allclose(model.modules().OfType<TorchSharp.Modules.BatchNorm2d>().First().running_mean!, rtol: 0, atol: 0));
        Assert.Equal(small.Launches, large.Launches); // launches do not grow with the batch
        var layerFlops = (StepCount c) => c.Groups.Where(g => g.Phase is StepPhase.Forward or StepPhase.Backward).Sum(g => g.Flops);
        Assert.Equal(4 * layerFlops(small), layerFlops(large), 6);
        Assert.Equal(13, model.WeightLayers);
    }

    [Fact]
    public void A_students_module_is_counted_through_its_nesting()
    {
        var lenet = nn.Sequential(
            ("features", nn.Sequential(("conv1", nn.Conv2d(1, 6, 5, padding: 2)), ("relu1", nn.ReLU()), ("pool1", nn.AvgPool2d(2)))),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(6 * 14 * 14, 10)));
        var count = StepCount.Count(lenet, "student");
        Assert.Equal(128.0 * (2 * 25 * 6 * 28 * 28 + 2 * 1176 * 10), count.ForwardFlops - 128.0 * (6 * 28 * 28 + 6 * 14 * 14));
        Assert.Equal(6 * 25 + 6 + 1176 * 10 + 10, count.Parameters);
        Assert.Contains(count.Groups, g => g.Kind == "AvgPool2d" && g.Launches == 1); // a layer type without its own rule: 1 each way
    }
}

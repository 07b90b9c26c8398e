using TorchSharp;
using TorchSharp.Modules;
using Workbook.Devices;
using Workbook.Models;
using Workbook.Runtime;
using Workbook.Tests.Devices;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Tests.Models;

/// <summary>
/// The zoo's models are the page's models, and <see cref="SpeedUps"/> turns any model into a faster one that computes
/// the same function: outputs, loss and input gradients agree before and after, and after an optimizer step on both.
/// </summary>
public class SpeedUpsTests
{
    public SpeedUpsTests() => TorchRuntime.Initialize();

    /// <summary>Notebook 02's cell, as a student types it.</summary>
    static nn.Module<Tensor, Tensor> PageCnn() => StudentModels.KerasCnn();

    [Fact]
    public void The_zoos_keras_cnn_loads_the_pages_state_dict_and_computes_exactly_the_same()
    {
        using var scope = NewDisposeScope();
        using var page = PageCnn();
        using var zoo = ModelZoo.KerasMnistCnn();
        zoo.load_state_dict(page.state_dict());
        page.eval();
        zoo.eval();
        var x = rand([16, 1, 28, 28], generator: new Generator(1));
        Assert.True(zoo.forward(x).eq(page.forward(x)).all().item<bool>(), "the same layers with the same weights must give the same bits");
        Assert.Equal(page.state_dict().Keys, zoo.state_dict().Keys);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    [InlineData("deep")]
    [InlineData("deep-w16x2")]
    public void A_zoo_model_and_its_faster_equivalent_compute_the_same_function(string key)
    {
        using var plain = ModelZoo.Create(key);
        using var fast = ModelZoo.Create(key);
        fast.load_state_dict(plain.state_dict());
        var report = SpeedUps.Apply(fast, CPU);
        Assert.Same(report, fast.AppliedSpeedUps);
        AssertSameFunction(plain, fast, report);
    }

    [Fact]
    public void A_students_sequential_gets_the_same_speed_ups_and_keeps_its_function()
    {
        using var plain = WorkbookModel.Wrap("page-cnn", PageCnn());
        using var fast = WorkbookModel.Wrap("page-cnn", PageCnn());
        fast.load_state_dict(plain.state_dict());
        var report = SpeedUps.Apply(fast, CPU);
        var applied = report.Applied.ToDictionary(o => o.Name, o => o.Detail);
        Assert.Equal("relu_2", applied[ReluAfterPooling.Name]);
        Assert.Equal("conv2d_2", applied[BiasAfterPooling.Name]);
        Assert.Equal("dropout_1, dropout_2", applied[FastDropout.Name]);
        Assert.Equal("2 weights", applied[ChannelsLast.Name]);
        Assert.Equal("flatten_1", applied[KerasOrderFlatten.Name]);
        Assert.Equal(MklAvx512.Active, applied.ContainsKey(ColumnMajorDense.Name));
        Assert.Equal(
            ["conv2d_1", "relu_1", "conv2d_2", "max_pooling2d_1", "conv2d_2_bias", "relu_2", "dropout_1", "flatten_1", "dense_1", "relu_3", "dropout_2", "dense_2"],
            fast.Sequence.Select(l => l.Name));
        Assert.Contains("ReLU after max pooling (relu_2)", report.Describe());
        AssertSameFunction(plain, fast, report);
    }

    [Fact]
    public void After_batch_norm_relu_stays_before_the_pooling_where_the_swap_measured_no_gain()
    {
        using var deep = ModelZoo.Create("deep");
        var report = SpeedUps.Apply(deep, CPU);
        Assert.DoesNotContain(report.Applied, o => o.Name == ReluAfterPooling.Name);
        Assert.Contains(report.Applied, o => o.Name == FastDropout.Name && o.Detail == "dropout");
        Assert.IsType<ReLU>(deep.Sequence[deep.Sequence.ToList().FindIndex(l => l.Name == "pool1") - 1].Layer);
    }

    [Fact]
    public void Nothing_is_rewritten_on_a_device_where_no_speed_up_was_measured()
    {
        using var model = ModelZoo.Create("cnn");
        var before = model.Sequence.Select(l => l.Name).ToList();
        var report = SpeedUps.Apply(model, new Device(DeviceType.CUDA, 0)); // a device value only: no GPU is needed
        Assert.Empty(report.Applied);
        Assert.Equal(before, model.Sequence.Select(l => l.Name));
        Assert.False(ChannelsLast.IsApplied(model));
        Assert.StartsWith("none: none measured on cuda", report.Describe());
    }

    /// <summary>A student's module whose forward uses view, which needs NCHW-contiguous maps.</summary>
    sealed class ViewNet : nn.Module<Tensor, Tensor>
    {
        readonly Conv2d conv1 = nn.Conv2d(1, 4, 3);
        readonly Conv2d conv2 = nn.Conv2d(4, 4, 3); // with one input channel, NCHW and NHWC strides coincide: it takes two
        readonly Linear dense = nn.Linear(4 * 24 * 24, 10);

        public ViewNet() : base(nameof(ViewNet)) => RegisterComponents();

        public override Tensor forward(Tensor x) => dense.forward(conv2.forward(conv1.forward(x)).view(-1, 4 * 24 * 24));
    }

    [Fact]
    public void A_model_that_fails_on_channels_last_maps_keeps_nchw_and_the_report_says_why()
    {
        using var model = WorkbookModel.Wrap("viewnet", new ViewNet());
        var report = SpeedUps.Apply(model, CPU);
        var channelsLast = Assert.Single(report.Outcomes, o => o.Name == ChannelsLast.Name);
        Assert.False(channelsLast.Applied);
        Assert.Contains("fails on channels-last maps", channelsLast.Detail);
        Assert.False(ChannelsLast.IsApplied(model));
        using var scope = NewDisposeScope();
        Assert.Equal([3L, 10L], model.forward(rand(3, 1, 28, 28)).shape); // and it still runs
    }

    /// <summary>Eval mode (dropout off), float64 so rounding cannot hide a wrong rewrite: the output, the loss and the
    /// input gradient agree; then one Adadelta step on each, and the outputs still agree (the rewrites move and permute
    /// parameters, which an element-wise optimizer does not notice).</summary>
    static void AssertSameFunction(WorkbookModel plain, WorkbookModel fast, SpeedUpReport report)
    {
        using var scope = NewDisposeScope();
        plain.to(float64);
        fast.to(float64);
        foreach (var m in new[] { plain, fast }) m.eval();
        var x = rand([8, 1, 28, 28], dtype: float64, generator: new Generator(2));
        var y = randint(0, 10, [8], generator: new Generator(3));
        var xPlain = x.clone().requires_grad_(true);
        var xFast = x.clone().requires_grad_(true);
        using var optPlain = new FlatAdadelta(plain.parameters(), lr: 1.0);
        using var optFast = new FlatAdadelta(fast.parameters(), lr: 1.0);
        var lossPlain = nn.functional.cross_entropy(plain.forward(xPlain), y);
        var lossFast = nn.functional.cross_entropy(fast.forward(xFast), y);
        lossPlain.backward();
        lossFast.backward();
        var what = report.Describe();
        Assert.True(Math.Abs(lossPlain.item<double>() - lossFast.item<double>()) < 1e-12, $"loss {lossPlain.item<double>()} vs {lossFast.item<double>()} after {what}");
        Assert.True(xFast.grad!.allclose(xPlain.grad!, rtol: 1e-9, atol: 1e-12), $"input gradients differ by {(xFast.grad! - xPlain.grad!).abs().max().item<double>()} after {what}");
        optPlain.Step();
        optFast.Step();
        using var noGrad = no_grad();
        var after = (fast.forward(x) - plain.forward(x)).abs().max().item<double>();
        Assert.True(after < 1e-9, $"after one Adadelta step the outputs differ by {after} ({what})");
    }

    static readonly Device CPU = TorchSharp.torch.CPU;
}

using TorchSharp;
using Workbook.Devices;
using Workbook.Gate;
using Workbook.Models;
using Workbook.Runtime;
using Workbook.Tests.Devices;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Tests.Models;

/// <summary>
/// bf16 mixed precision as a rewrite of the layers: convolutions and dense layers compute in bf16 on float32 weights, the
/// logits return to float32, float64 passes untouched (the gate's reference), and the gate judges the model in bf16.
/// These run on any x86-64 CPU: where it has no bf16 instructions libtorch computes the same roundings more slowly.
/// </summary>
[Collection(SerialTorch.Name)]
public class MixedPrecisionTests
{
    public MixedPrecisionTests() => TorchRuntime.Initialize();

    static WorkbookModel Bf16Model(string key)
    {
        var model = ModelZoo.CreateTimed(key, CPU);
        MixedPrecision.Apply(model, Precision.Bf16);
        return model;
    }

    [Theory]
    [InlineData("mlp", "dense1,output")]
    [InlineData("cnn", "conv2d_1,conv2d_2,dense_1,dense_2")]
    public void Bf16_lowers_exactly_the_convolutions_and_dense_layers_and_keeps_the_state_dict(string key, string lowered)
    {
        random.manual_seed(0);
        using var plain = ModelZoo.Create(key);
        using var mixed = ModelZoo.Create(key);
        mixed.load_state_dict(plain.state_dict());
        Assert.Equal(lowered.Split(','), MixedPrecision.Apply(mixed, Precision.Bf16));
        Assert.Equal(Precision.Bf16, mixed.Precision);
        Assert.Equal(plain.state_dict().Keys, mixed.state_dict().Keys);
        Assert.All(mixed.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.Equal("to_float32", mixed.Sequence[^1].Name);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    [InlineData("deep")]
    public void In_bf16_the_step_rounds_like_bf16_float32_weights_get_float32_gradients_and_float64_is_untouched(string key)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(0);
        using var plain = ModelZoo.Create(key);
        using var mixed = ModelZoo.Create(key);
        mixed.load_state_dict(plain.state_dict());
        MixedPrecision.Apply(mixed, Precision.Bf16);
        foreach (var m in new[] { plain, mixed }) m.eval();
        var x = rand([16, 1, 28, 28], generator: new Generator(3));
        var y = randint(0, 10, [16], generator: new Generator(4));

        var f32 = plain.forward(x);
        var bf16 = mixed.forward(x);
        Assert.Equal(ScalarType.Float32, bf16.dtype);
        var error = NumericError.RelativeError(f32, bf16);
        // bf16 keeps 8 bits of mantissa: its logits differ from float32's (by 1e-3 to 1e-2 here), yet stay close.
        Assert.InRange(error, 1e-4, 0.05);

        TrainingStep.Run(mixed, null, x, y);
        Assert.All(mixed.parameters(), p => Assert.Equal(ScalarType.Float32, p.grad!.dtype));

        // The rewritten model in float64 is the plain model in float64: nothing is rounded to bf16 there.
        plain.to(float64);
        mixed.to(float64);
        var x64 = x.to(float64);
        Assert.True(plain.forward(x64).eq(mixed.forward(x64)).all().item<bool>(), "float64 must pass the bf16 layers untouched");
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    [InlineData("deep")]
    public void The_gate_passes_each_workbook_model_in_bf16_with_the_bf16_tolerance(string key)
    {
        var gate = WorkloadGate.Decide(key, () => Bf16Model(key), CPU);
        Assert.True(gate.Usable, gate.Plain.Summary);
        Assert.Equal(Precision.Bf16, gate.Plain.Precision);
        Assert.StartsWith("bf16", gate.Plain.Threads);
        // Measured, not waved through: each layer's error is a bf16 rounding, far above float32's 1e-6 and within 0.05.
        Assert.InRange(gate.Plain.WorstLayer!.Error, 1e-4, NumericError.Bf16Tolerance);
    }

    [Fact]
    public void The_library_bf16_dense_layer_is_notebook_04s_rule_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(0);
        var dense = nn.Linear(784, 10);
        var batch = rand(8, 784);
        // Notebook 04, section 8: the rule written out.
        var page = nn.functional.linear(batch.to(bfloat16), dense.weight!.to(bfloat16), dense.bias!.to(bfloat16)).to(float32);
        using var model = new WorkbookModel("dense", "one dense layer", [("dense", dense)]);
        MixedPrecision.Apply(model, Precision.Bf16);
        Assert.True(model.forward(batch).eq(page).all().item<bool>(), "MixedPrecision must compute what the page writes");
    }

    [Fact]
    public void The_gate_refuses_a_bf16_model_with_a_layer_that_is_wrong_in_bf16()
    {
        var verdict = WorkloadCheck.Run("wrong-bf16", () =>
        {
            var model = WorkbookModel.Wrap("wrong-bf16", StudentModels.KerasCnn());
            MixedPrecision.Apply(model, Precision.Bf16);
            model.Rearrange([.. model.Sequence.Take(2), ("off_by_tenth", new WrongInBf16()), .. model.Sequence.Skip(2)]);
            return model;
        }, CPU);
        Assert.False(verdict.Correct);
        Assert.Contains("off_by_tenth", verdict.Reason);
        Assert.Contains("bf16", verdict.Reason);
    }

    [Fact]
    public void A_model_that_computes_its_layers_in_its_own_forward_is_refused_bf16_with_the_reason()
    {
        using var model = WorkbookModel.Wrap("own-forward", new OwnForward());
        var e = Assert.Throws<ArgumentException>(() => MixedPrecision.Apply(model, Precision.Bf16));
        Assert.Contains("own forward", e.Message);
        Assert.Contains("float32", e.Message);
    }

    [Fact]
    public void Bf16_is_applied_once_and_a_failed_rewrite_leaves_the_model_float32()
    {
        using var model = ModelZoo.Create("mlp");
        MixedPrecision.Apply(model, Precision.Bf16);
        var layers = model.Sequence.Count;
        Assert.Empty(MixedPrecision.Apply(model, Precision.Bf16));
        Assert.Equal(layers, model.Sequence.Count);
        Assert.Throws<ArgumentException>(() => MixedPrecision.Apply(model, Precision.Float32));

        using var own = WorkbookModel.Wrap("own-forward", new OwnForward());
        Assert.Throws<ArgumentException>(() => MixedPrecision.Apply(own, Precision.Bf16));
        Assert.Equal(Precision.Float32, own.Precision);
    }

    /// <summary>A leaf that is exact in float32 and float64 but 10% off in bf16: a kernel wrong only in that format.</summary>
    sealed class WrongInBf16() : nn.Module<Tensor, Tensor>(nameof(WrongInBf16))
    {
        public override Tensor forward(Tensor input) => input.dtype == ScalarType.BFloat16 ? input * 1.1 : input.alias();
    }

    sealed class OwnForward : nn.Module<Tensor, Tensor>
    {
        readonly TorchSharp.Modules.Linear dense = nn.Linear(784, 10);

        public OwnForward() : base(nameof(OwnForward)) => RegisterComponents();

        public override Tensor forward(Tensor input) => dense.forward(input.flatten(1));
    }
}

using Workbook.Benchmarks;
using Workbook.Gate;
using Workbook.Reporting;
using Workbook.Runtime;
using Workbook.Tests.Data;
using Workbook.Tests.Gate;
using static TorchSharp.torch;

namespace Workbook.Tests.Reporting;

/// <summary>The exercises that run the correctness gate (which changes torch's thread count, hence serial).</summary>
[Collection(SerialTorch.Name)]
public class ExerciseGateTests(MnistFixture fixture) : IClassFixture<MnistFixture>
{
    /// <summary>Notebook 00's layer: 1 % too large, in float32 only or in every dtype.</summary>
    sealed class OffByOnePercent(bool float32Only) : nn.Module<Tensor, Tensor>(nameof(OffByOnePercent))
    {
        public override Tensor forward(Tensor x) => !float32Only || x.dtype == float32 ? x * 1.01 : x.alias();
    }

    static nn.Module<Tensor, Tensor> Network(bool float32Only, string name = "wrong") =>
        nn.Sequential(("flatten", nn.Flatten()), ("dense", nn.Linear(784, 10)), (name, new OffByOnePercent(float32Only)));

    [Fact]
    public void The_gate_refuses_a_layer_wrong_in_float32_only_and_the_check_wants_it_named_wrong()
    {
        TorchRuntime.Initialize();
        Assert.True(EnvironmentExercises.WrongLayer(WorkloadCheck.Run("broken", () => Network(true), CPU)).Right);
        Assert.False(EnvironmentExercises.WrongLayer(WorkloadCheck.Run("broken", () => Network(false), CPU)).Right);        // wrong in float64 too: agrees with its reference
        Assert.False(EnvironmentExercises.WrongLayer(WorkloadCheck.Run("broken", () => Network(true, "scale"), CPU)).Right); // not named "wrong"
    }

    [Fact]
    public void A_model_is_timed_only_after_the_gate_and_by_the_library_clock()
    {
        TorchRuntime.Initialize();
        var data = fixture.Mnist.Train.Take(256);
        var trained = 0;
        double Train(nn.Module<Tensor, Tensor> model, Workbook.Data.MnistSplit split, Device device)
        {
            trained++;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var scope = NewDisposeScope();
            var optimizer = optim.SGD(model.parameters(), 0.01);
            var loss = nn.functional.cross_entropy(model.forward(split.Images.narrow(0, 0, 128)), split.Labels.narrow(0, 0, 128));
            loss.backward();
            optimizer.step();
            return clock.Elapsed.TotalSeconds;
        }

        var refused = TimedTraining.Run("lenet", () => LeNet.Create(Fault.Always), data, CPU, Train);
        Assert.False(refused.Timed);
        Assert.Equal(0, trained); // a wrong model never reaches the clock
        Assert.Contains("conv2", refused.ToString());

        var timed = TimedTraining.Run("lenet", () => LeNet.Create(), data, CPU, Train);
        Assert.True(timed.Timed, timed.ToString());
        Assert.Equal(1, trained);
        Assert.Equal(256, timed.Images);
        Assert.InRange(timed.LoopSeconds!.Value, 0, timed.Seconds!.Value);
    }
}

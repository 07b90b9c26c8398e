using Workbook.Benchmarks;
using Workbook.Devices;
using Workbook.Gate;
using Workbook.Models;
using Workbook.Runtime;
using Workbook.Tests.Data;
using static TorchSharp.torch;

namespace Workbook.Tests.Gate;

[Collection(SerialTorch.Name)]
public class WorkloadGateTests(MnistFixture fixture) : IClassFixture<MnistFixture>
{
    static readonly DeviceReport Devices = DeviceReport.Detect();

    [Fact]
    public void A_correct_model_needs_no_workaround()
    {
        var gate = WorkloadGate.Decide("lenet", () => LeNet.Create(), CPU);
        Assert.True(gate.Usable);
        Assert.Equal(Workaround.None, gate.Workaround);
        Assert.Null(gate.Note);
        Assert.Null(gate.Refusal);
    }

    [Fact]
    public void A_model_wrong_only_in_nchw_with_onednn_gets_the_cheapest_passing_workaround_and_its_cost()
    {
        var gate = WorkloadGate.Decide("lenet", () => LeNet.Create(Fault.NchwOneDnn), CPU);
        Assert.False(gate.Plain.Correct);
        Assert.True(gate.Usable);
        Assert.Contains(gate.Workaround, new[] { Workaround.ChannelsLast, Workaround.OneDnnOff });
        Assert.True(gate.After!.Correct, gate.After.Summary);
        Assert.Equal(2, gate.Tried.Count);
        Assert.All(gate.Tried, t => Assert.EndsWith(": correct", t));
        Assert.True(gate.PlainStepMs > 0 && gate.WorkaroundStepMs > 0);
        Assert.Contains("cost: step", gate.Note);
        Assert.Contains("conv2 (FaultyConv", gate.Note);
        Assert.True(OneDnn.Enabled, "the gate left oneDNN off");
    }

    [Fact]
    public void A_model_no_workaround_fixes_is_refused_with_what_was_tried()
    {
        var gate = WorkloadGate.Decide("lenet", () => LeNet.Create(Fault.Always), CPU);
        Assert.False(gate.Usable);
        Assert.Contains("conv2 (FaultyConv, input 8×6×14×14 NCHW): forward off by 0.4", gate.Refusal);
        Assert.Contains("Tried: channels-last convolutions: off by", gate.Refusal);
        Assert.Contains("oneDNN turned off: off by", gate.Refusal);
        Assert.Contains("Not timed", gate.Refusal);
    }

    [Fact]
    public void The_runner_refuses_the_wrong_model_only_and_trains_the_others()
    {
        using var scratch = new ScratchDir();
        var plan = new BenchmarkPlan
        {
            Models = ["mlp", "broken-lenet", "lenet"],
            OwnModels = new Dictionary<string, Func<nn.Module<Tensor, Tensor>>>
            {
                ["broken-lenet"] = () => LeNet.Create(Fault.Always),
                ["lenet"] = () => LeNet.Create(),
            },
            Devices = ["cpu"],
            TrainLimit = 256,
            TestLimit = 200,
            CpuEpochBudgetSeconds = null,
        };
        var rows = BenchmarkRunner.Run(plan, fixture.Mnist, Devices, new ResultsStore(scratch.Path, EnvironmentFingerprint.Capture(Devices)));
        Assert.Equal([StatusKind.Ok, StatusKind.Skipped, StatusKind.Ok], rows.Select(r => r.Status.Kind));
        Assert.Contains("conv2 (FaultyConv", rows[1].Status.Reason);
        Assert.Null(rows[1].EpochSeconds);
        Assert.True(rows[2].EpochSeconds > 0 && rows[2].TestAccuracy > 0);
        Assert.Equal(61_706, rows[2].Parameters);
    }

    [Fact]
    public void With_the_workaround_a_lenet_on_an_affected_cpu_trains_to_the_accuracy_of_a_correct_one()
    {
        using var scratch = new ScratchDir();
        var plan = new BenchmarkPlan
        {
            Models = ["lenet", "lenet-on-affected-cpu"],
            OwnModels = new Dictionary<string, Func<nn.Module<Tensor, Tensor>>>
            {
                ["lenet"] = () => LeNet.Create(),
                ["lenet-on-affected-cpu"] = () => LeNet.Create(Fault.NchwOneDnn),
            },
            Devices = ["cpu"],
            TrainLimit = 6000,
            TestLimit = 500,
            CpuEpochBudgetSeconds = null,
        };
        var rows = BenchmarkRunner.Run(plan, fixture.Mnist, Devices, new ResultsStore(scratch.Path, EnvironmentFingerprint.Capture(Devices)));
        Assert.All(rows, r => Assert.Equal(StatusKind.Ok, r.Status.Kind));
        // The speed-ups already run its convolutions channels-last, the layout the affected kernels compute right in,
        // so the gate passes the model as it will be timed and no workaround is needed.
        Assert.All(rows, r => Assert.Contains(ChannelsLast.Name, r.SpeedUps));
        Assert.Null(rows[1].Message);
        Assert.True(rows[0].TestAccuracy > 0.5, $"a correct LeNet reached only {rows[0].TestAccuracy}");
        Assert.InRange(rows[1].TestAccuracy!.Value, rows[0].TestAccuracy!.Value - 0.02, rows[0].TestAccuracy!.Value + 0.02);
        Assert.True(OneDnn.Enabled);
    }
}

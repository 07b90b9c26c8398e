using TorchSharp;
using TorchSharp.Modules;
using Workbook.Devices;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Tests.Gate;

/// <summary>When a simulated wrong kernel gives wrong results.</summary>
public enum Fault
{
    None,

    /// <summary>Like the oneDNN kernels found wrong on a Zen 5 CPU: float32, NCHW weights, oneDNN on.</summary>
    NchwOneDnn,

    /// <summary>Wrong in every float32 run, whatever the workaround.</summary>
    Always,
}

/// <summary>
/// A convolution whose float32 forward result is 40% too large under <see cref="Fault"/>: a stand-in for a wrong native
/// kernel on a CPU we do not have. A leaf module with its own parameters, as a user's layer would be.
/// </summary>
public sealed class FaultyConv : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter bias;
    readonly Fault fault;

    public FaultyConv(long input, long output, long kernel, Fault fault) : base(nameof(FaultyConv))
    {
        using var conv = nn.Conv2d(input, output, kernel);
        weight = new Parameter(conv.weight!.detach().clone());
        bias = new Parameter(conv.bias!.detach().clone());
        this.fault = fault;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var y = nn.functional.conv2d(input, weight, bias);
        var broken = y.dtype == float32 && fault switch
        {
            Fault.Always => true,
            Fault.NchwOneDnn => !MemoryLayout.IsChannelsLast(weight) && OneDnn.Enabled,
            _ => false,
        };
        return broken ? y * 1.4 : y;
    }
}

/// <summary>LeCun's LeNet-5 for 28×28 MNIST, as a student would write it (NCHW), optionally with a faulty conv2.</summary>
public static class LeNet
{
    public static nn.Module<Tensor, Tensor> Create(Fault fault = Fault.None) => nn.Sequential(
        ("conv1", nn.Conv2d(1, 6, 5, padding: 2)),
        ("relu1", nn.ReLU()),
        ("pool1", nn.MaxPool2d(2)),
        ("conv2", fault == Fault.None ? nn.Conv2d(6, 16, 5) : new FaultyConv(6, 16, 5, fault)),
        ("relu2", nn.ReLU()),
        ("pool2", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()),
        ("fc1", nn.Linear(400, 120)),
        ("relu3", nn.ReLU()),
        ("fc2", nn.Linear(120, 84)),
        ("relu4", nn.ReLU()),
        ("fc3", nn.Linear(84, 10)));
}

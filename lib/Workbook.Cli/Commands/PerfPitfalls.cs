using Workbook.Benchmarks.Perf;
using Workbook.Data;
using Workbook.Devices;
using static TorchSharp.torch;

namespace Workbook.Cli.Commands;

/// <summary>`workbook perf pitfalls`: <see cref="TimingPitfalls"/> for each model on the CPU and, when there is one, the GPU, as CSV on stdout.</summary>
static class PerfPitfalls
{
    public static void Write(TextWriter output, IReadOnlyList<string> models, PerfSettings s)
    {
        using var mnist = Mnist.Load();
        using var train = mnist.Train.Take(s.TrainLimit ?? mnist.Train.Count);
        // Every device torch can use, usable-check or not: this measures clocks, not correctness (doctor judges that).
        Device[] devices = DeviceReport.Detect(runChecks: false).CudaAvailable ? [CPU, CUDA] : [CPU];
        output.WriteLine(TimingPitfalls.CsvHeader);
        foreach (var device in devices)
            foreach (var model in models)
                foreach (var row in TimingPitfalls.Measure(model, train, device, s.BatchSize, s.Steps, s.Warmup))
                    output.WriteLine(TimingPitfalls.CsvLine(row));
    }
}

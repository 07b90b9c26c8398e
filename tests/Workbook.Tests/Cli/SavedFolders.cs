using System.Text.Json.Nodes;
using Workbook.Benchmarks;
using Workbook.Data;
using Workbook.Devices;
using Workbook.Runtime;
using Workbook.Training;

namespace Workbook.Tests.Cli;

/// <summary>
/// One folder of every kind the workbook writes, made the way each writer makes it (small real runs), plus broken ones.
/// reproduce and bench write theirs through the command itself, in a child process, and keep what it printed.
/// </summary>
public sealed class SavedFolders : IDisposable
{
    readonly ScratchDir scratch = new();

    public static readonly string[] Kinds =
        ["reproduce", "bench", "notebook-03", "notebook-04-size", "notebook-04-batch", "notebook-04-placement", "reference"];

    public static readonly string[] Broken = ["missing", "empty", "corrupt-json", "no-rows", "unknown-status"];

    public (int Exit, string Output) Reproduce { get; }

    /// <summary>bench with two epochs: pins that "epoch s" is per epoch.</summary>
    public (int Exit, string Output) Bench { get; }

    public SavedFolders()
    {
        Reproduce = CliRun.Process(new Dictionary<string, string?>(),
            "reproduce", "--models", "mlp", "--train-limit", "256", "--test-limit", "100", "--out", Path("reproduce"));
        Bench = CliRun.Process(new Dictionary<string, string?>(),
            "bench", "--models", "mlp,cnn", "--devices", "cpu", "--epochs", "2", "--train-limit", "256", "--test-limit", "100", "--out", Path("bench"));

        TorchRuntime.Initialize();
        var devices = DeviceReport.Detect();
        using var mnist = Mnist.Load(Repo.Mnist);
        string[] everyDevice = ["cpu", "cuda"];
        void Run(string kind, BenchmarkPlan plan) =>
            BenchmarkRunner.Run(plan, mnist, devices, new ResultsStore(Path(kind), EnvironmentFingerprint.Capture(devices)));
        // What notebook 03 and the three sweeps of notebook 04 run, on fewer images and models.
        Run("notebook-03", new BenchmarkPlan { TrainLimit = 256, TestLimit = 100, CpuEpochBudgetSeconds = 30 });
        Run("notebook-04-size", SizeSweep.SpeedPlan(["mlp-32x1", "cnn", "deep-w8x2"], everyDevice, 256, 1));
        Run("notebook-04-batch", SizeSweep.SpeedPlan(["mlp"], everyDevice, 256, 1, batchSizes: [32, 128]));
        Run("notebook-04-placement", SizeSweep.SpeedPlan(["mlp"], everyDevice, 256, 2, placements: [Placement.Resident, Placement.Streamed]));

        CopyFolder(System.IO.Path.Combine(Repo.Root, "data", "results", "debian12-epyc-2vcpu"), Path("reference"));

        Directory.CreateDirectory(Path("empty"));
        Directory.CreateDirectory(Path("corrupt-json"));
        File.WriteAllText(System.IO.Path.Combine(Path("corrupt-json"), ResultsStore.JsonFile), "{ \"environment\": { \"machine\": ");
        Edit("no-rows", json => json["rows"] = new JsonArray());
        Edit("unknown-status", json => json["rows"]![0]!["status"] = new JsonObject { ["kind"] = "exploded" });

        // MNIST folders: absent, and one whose training images are not gzip at all.
        Directory.CreateDirectory(Path("data-corrupt"));
        foreach (var file in Directory.GetFiles(Repo.Mnist, "*.gz")) File.Copy(file, System.IO.Path.Combine(Path("data-corrupt"), System.IO.Path.GetFileName(file)));
        File.WriteAllText(System.IO.Path.Combine(Path("data-corrupt"), "train-images-idx3-ubyte.gz"), "not gzip");
        File.WriteAllText(Path("corrupt.ipynb"), "{ \"cells\": [");
    }

    public string Path(string kind) => scratch.File(kind);

    void Edit(string kind, Action<JsonNode> edit)
    {
        Directory.CreateDirectory(Path(kind));
        var json = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Path("reference"), ResultsStore.JsonFile)))!;
        edit(json);
        File.WriteAllText(System.IO.Path.Combine(Path(kind), ResultsStore.JsonFile), json.ToJsonString());
    }

    static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
    }

    public void Dispose() => scratch.Dispose();
}

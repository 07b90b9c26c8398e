using System.Text.Json.Nodes;
using Workbook.Benchmarks;
using Workbook.Models;
using Workbook.Reporting;
using Workbook.Runtime;
using Workbook.Training;

namespace Workbook.Tests.Benchmarks;

/// <summary>Typed rows: the committed reference run loads, an unknown status is named, and what a report needs is in the row.</summary>
public class SavedResultsTests
{
    static string Reference => Path.Combine(Repo.Root, "data", "results", "debian12-epyc-2vcpu");

    [Fact]
    public void The_committed_reference_run_loads_with_typed_placement_and_status()
    {
        var rows = ResultsStore.Load(Reference).Rows;
        Assert.Equal(12, rows.Count);
        Assert.Equal([Placement.Resident, Placement.Streamed], rows.Select(r => r.Placement).Distinct());
        var skipped = rows.Where(r => r.Device == "cuda").ToList();
        Assert.All(skipped, r => Assert.Equal(RowStatus.Skipped("no NVIDIA driver: nvidia-smi is not installed"), r.Status));
        Assert.All(rows.Where(r => r.Device == "cpu"), r => Assert.Equal(RowStatus.Ok, r.Status));
    }

    [Theory]
    [InlineData("debian12-epyc-2vcpu")]
    [InlineData("debian12-epyc-zen4-2vcpu")]
    public void Each_committed_run_is_in_the_format_written_today(string run)
    {
        // No reader upgrades old files any more: a committed results.json must be exactly what the store writes now.
        var folder = Path.Combine(Repo.Root, "data", "results", run);
        var saved = ResultsStore.Load(folder);
        using var scratch = new ScratchDir();
        var store = new ResultsStore(scratch.Path, saved.Environment);
        foreach (var row in saved.Rows) store.Append(row);
        Assert.Equal(File.ReadAllText(Path.Combine(folder, ResultsStore.JsonFile)), File.ReadAllText(scratch.File(ResultsStore.JsonFile)));
    }

    [Fact]
    public void Flops_per_image_of_the_reference_run_match_the_model()
    {
        // The reference run predates the saved FLOPs; they were derived once, as GFLOP/s x epoch seconds / images, when
        // its files were rewritten in the current format: they must be the model's own count.
        var cnn = ResultsStore.Load(Reference).Rows.First(r => r.Model == "cnn" && r.Device == "cpu");
        TorchRuntime.Initialize();
        using var model = ModelZoo.KerasMnistCnn();
        Assert.Equal(model.TrainingFlopsPerSample, cnn.TrainingFlopsPerImage!.Value, model.TrainingFlopsPerSample * 1e-9);
        Assert.Null(ResultsStore.Load(Reference).Rows.First(r => r.Device == "cuda").TrainingFlopsPerImage);
    }

    [Fact]
    public void An_unknown_status_in_a_saved_file_is_named_not_guessed()
    {
        using var scratch = new ScratchDir();
        File.Copy(Path.Combine(Reference, ResultsStore.JsonFile), scratch.File(ResultsStore.JsonFile));
        var json = JsonNode.Parse(File.ReadAllText(scratch.File(ResultsStore.JsonFile)))!;
        json["rows"]![0]!["status"] = new JsonObject { ["kind"] = "exploded" };
        File.WriteAllText(scratch.File(ResultsStore.JsonFile), json.ToJsonString());
        var e = Assert.Throws<ResultsException>(() => ResultsStore.Load(scratch.Path));
        Assert.Contains("exploded", e.Message);
    }

    [Fact]
    public void New_files_keep_the_reason_apart_and_round_trip()
    {
        using var scratch = new ScratchDir();
        var store = new ResultsStore(scratch.Path, ResultsStore.Load(Reference).Environment);
        var row = ResultsStore.Load(Reference).Rows[0];
        store.Append(row with { Status = RowStatus.Estimated(20) });
        store.Append(row with { Device = "cuda:0", Placement = Placement.Streamed, Status = RowStatus.Skipped("the check failed: conv2d differs") });

        var json = JsonNode.Parse(File.ReadAllText(scratch.File(ResultsStore.JsonFile)))!["rows"]!;
        Assert.Equal("estimated", json[0]!["status"]!["kind"]!.GetValue<string>());
        Assert.Equal(20, json[0]!["status"]!["batches"]!.GetValue<int>());
        Assert.Equal("the check failed: conv2d differs", json[1]!["status"]!["reason"]!.GetValue<string>());
        Assert.Equal("Streamed", json[1]!["placement"]!.GetValue<string>());
        Assert.Contains("skipped: the check failed: conv2d differs", File.ReadAllText(scratch.File(ResultsStore.CsvFile)));

        var back = ResultsStore.Load(scratch.Path).Rows;
        Assert.Equal(store.Rows, back);
    }

    [Fact]
    public void Sweep_points_come_from_the_rows_alone()
    {
        var rows = ResultsStore.Load(Reference).Rows;
        var points = SizeSweep.Points(rows);
        Assert.Equal(6, points.Count); // the six measured CPU rows; the skipped ones have no time
        Assert.Equal(["CPU", "CPU streamed"], points.Select(p => p.Series).Distinct().Order());
        Assert.True(points.First(p => p.Model == "deep").GflopPerImage > points.First(p => p.Model == "cnn").GflopPerImage);
        Assert.Contains("CPU, small to large", SweepFindings.Describe(rows, [], []).Select(f => f.Key));
    }
}

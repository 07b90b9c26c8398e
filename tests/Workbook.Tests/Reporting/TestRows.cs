using Workbook.Benchmarks;
using Workbook.Training;

namespace Workbook.Tests.Reporting;

/// <summary>Made-up result rows for the reporting tests; each test sets what it is about with <c>with</c>.</summary>
public static class TestRows
{
    /// <summary>A row of the blog's run (batch 128, one epoch, resident data, all 60,000 images), status ok.</summary>
    public static ResultRow Blog(string model, string device, long parameters = 1000) => new()
    {
        Model = model,
        ModelTitle = model,
        Device = device,
        DeviceName = device == "cpu" ? "Test CPU" : "Test GPU",
        BatchSize = 128,
        Epochs = 1,
        Placement = Placement.Resident,
        TrainImages = 60_000,
        Parameters = parameters,
        Status = RowStatus.Ok,
    };
}

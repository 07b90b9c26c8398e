using Workbook.Devices;
using Workbook.Gate;
using Workbook.Reporting;
using Workbook.Tests.Gate;

namespace Workbook.Tests.Reporting;

/// <summary>
/// The checks of the exercises whose answer is a number, a word or a key: each is fed its right answers (every spelling
/// and form a student may reach them by), the notebook's placeholder, and the wrong answers a student plausibly gives.
/// </summary>
public class ExerciseAnswersTests
{
    static void Right(ExerciseVerdict v) => Assert.True(v.Right, v.ToString());

    static void NotYet(ExerciseVerdict v, string? hintContains = null)
    {
        Assert.False(v.Right, v.ToString());
        Assert.StartsWith($"{v.Exercise}: {ExerciseVerdict.NotYetMark}. Hint: ", v.ToString());
        if (hintContains is not null) Assert.Contains(hintContains, v.Message);
    }

    static readonly UsableCheck Cpu = new("cpu", true, 8.0, null); // 64 MiB at 8 GiB/s: 7.8125 ms

    [Theory]
    [InlineData(7.8125)]                  // 64.0 / 1024 / 8 * 1000
    [InlineData(7.81)]                    // rounded to the table's two decimals
    [InlineData(7.8)]                     // rounded to one
    [InlineData(7.83)]                    // computed from bandwidth rounded in a table: within 1 %
    public void Copy_time_accepts_the_milliseconds_computed_any_way(double answer) => Right(EnvironmentExercises.CopyTime(answer, Cpu));

    [Theory]
    [InlineData(0, "how many GiB")]              // the placeholder
    [InlineData(0.0078125, "seconds")]           // seconds, not milliseconds
    [InlineData(8.0, "powers of 2")]             // 64 / 1000 GiB: 1.024 x the right time
    [InlineData(128.0, "would mean")]            // bandwidth inverted
    [InlineData(-7.8125, "positive")]
    [InlineData(double.NaN, "positive")]
    public void Copy_time_rejects_the_plausible_mistakes(double answer, string hint) => NotYet(EnvironmentExercises.CopyTime(answer, Cpu), hint);

    static WorkloadVerdict Verdict(bool correct, string? culprit) =>
        new("broken", "cpu", correct, "output", correct ? 1e-7 : 0.01, 1e-3, "float32, 1 thread", culprit);

    [Fact]
    public void Wrong_layer_is_right_only_when_the_gate_refused_the_network_and_named_the_layer()
    {
        Right(EnvironmentExercises.WrongLayer(Verdict(false, "wrong (OffByOnePercent, input 8×10): forward off by 0.01")));
        NotYet(EnvironmentExercises.WrongLayer(null), "WorkloadCheck.Run");                 // the placeholder
        NotYet(EnvironmentExercises.WrongLayer(Verdict(true, null)), "float32 against float64"); // wrong in float64 too, or not wrong at all
        NotYet(EnvironmentExercises.WrongLayer(Verdict(false, "dense (Linear, input 8×784): forward off by 0.01")), "\"wrong\"");
        NotYet(EnvironmentExercises.WrongLayer(Verdict(false, null)), "no single layer");
    }

    static readonly long[] Counts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]; // MNIST's training set

    [Fact]
    public void Rarest_digit_accepts_the_index_of_the_smallest_count_and_any_tie()
    {
        Right(DataExercises.RarestDigit(5, Counts));
        Right(DataExercises.RarestDigit(2, [9, 9, 3, 9, 3, 9, 9, 9, 9, 9])); // a tie: either digit is the rarest
        Right(DataExercises.RarestDigit(4, [9, 9, 3, 9, 3, 9, 9, 9, 9, 9]));
        NotYet(DataExercises.RarestDigit(-1, Counts), "which index");      // the placeholder
        NotYet(DataExercises.RarestDigit(1, Counts), "most common");       // the largest count
        NotYet(DataExercises.RarestDigit(5421, Counts), "not a digit");    // the count, not the digit
        NotYet(DataExercises.RarestDigit(6, Counts), "another digit has fewer"); // off by one from the index
    }

    [Theory]
    [InlineData("synchronised, warm")]
    [InlineData("synchronized, warm")]         // US spelling
    [InlineData("Synchronised, Warm")]
    [InlineData("  synchronised,warm ")]
    [InlineData("warm, synchronized")]         // the same two precautions in the other order
    [InlineData("\"synchronised, warm\".")]
    [InlineData("synchronised and warm")]
    public void Honest_clock_accepts_the_row_in_any_spelling_case_or_order(string answer) => Right(CpuVsGpuExercises.HonestClock(answer));

    [Theory]
    [InlineData("", "Copy its name")]                                                                 // the placeholder
    [InlineData("naive: stopwatch around the loop, first steps in, no synchronisation", "first steps")]
    [InlineData("warm: median step after the first 2, no synchronisation", "without waiting")]
    [InlineData("warm", "without waiting")]
    [InlineData("synchronised, warm, loss read every step", "reading the loss")]
    [InlineData("synchronised", "not a row")]
    [InlineData("the honest one", "not a row")]
    public void Honest_clock_rejects_the_rows_with_a_mistake(string answer, string hint) => NotYet(CpuVsGpuExercises.HonestClock(answer), hint);

    static readonly (string, double, double)[] Envelope =
    [
        ("mlp", 0.01, 1.0), ("cnn", 0.3, 1.0), ("deep-w32x3", 0.6, 1.0), ("deep-w64x3", 0.8, 1.0),
    ];

    [Fact]
    public void First_compute_bound_accepts_the_first_row_at_half_and_none_when_no_row_gets_there()
    {
        Right(GpuWinsExercises.FirstComputeBound("deep-w32x3", Envelope, "cpu"));
        Right(GpuWinsExercises.FirstComputeBound(" DEEP-W32X3 ", Envelope, "cpu"));
        NotYet(GpuWinsExercises.FirstComputeBound("", Envelope, "cpu"), "\"none\"");       // the placeholder offers none
        NotYet(GpuWinsExercises.FirstComputeBound("cnn", Envelope, "cpu"), "less than half");
        NotYet(GpuWinsExercises.FirstComputeBound("deep-w64x3", Envelope, "cpu"), "gets there first");
        NotYet(GpuWinsExercises.FirstComputeBound("none", Envelope, "cpu"), "does reach");
        NotYet(GpuWinsExercises.FirstComputeBound("mlp-512x2", Envelope, "cpu"), "not a model");

        (string, double, double)[] allBelow = [("mlp", 0.01, 1.0), ("cnn", 0.3, 1.0), ("deep", 0.4, 1.0)];
        Right(GpuWinsExercises.FirstComputeBound("none", allBelow, "cpu"));
        Right(GpuWinsExercises.FirstComputeBound("None", allBelow, "cpu"));
        NotYet(GpuWinsExercises.FirstComputeBound("deep", allBelow, "cpu"), "less than half"); // the largest, a guess
    }

    [Fact]
    public void First_compute_bound_accepts_a_share_the_table_rounds_to_50_percent()
    {
        (string, double, double)[] borderline = [("mlp", 0.01, 1.0), ("cnn", 0.49996, 1.0), ("deep", 0.7, 1.0)];
        Right(GpuWinsExercises.FirstComputeBound("cnn", borderline, "cpu"));  // the table shows 50.0 %
        Right(GpuWinsExercises.FirstComputeBound("deep", borderline, "cpu")); // the exact share is below 50 %
        NotYet(GpuWinsExercises.FirstComputeBound("mlp", borderline, "cpu"));
    }

    static readonly (int, double)[] Batches = [(32, 20_000), (64, 40_000), (128, 60_000), (256, 67_000), (512, 70_000)];

    [Fact]
    public void Saturating_batch_accepts_the_first_batch_at_90_percent_of_the_best()
    {
        Right(GpuWinsExercises.SaturatingBatch(256, Batches, "cpu"));                        // 67,000 >= 63,000
        NotYet(GpuWinsExercises.SaturatingBatch(0, Batches, "cpu"), "find the best");        // the placeholder
        NotYet(GpuWinsExercises.SaturatingBatch(512, Batches, "cpu"), "smaller batch");      // the best itself
        NotYet(GpuWinsExercises.SaturatingBatch(128, Batches, "cpu"), "86 %");               // the default batch
        NotYet(GpuWinsExercises.SaturatingBatch(100, Batches, "cpu"), "no batch of 100");
        NotYet(GpuWinsExercises.SaturatingBatch(128, [], "cpu"), "no MLP rows");
    }

    [Fact]
    public void Saturating_batch_accepts_either_neighbour_when_one_sits_on_the_90_percent_line()
    {
        (int, double)[] onTheLine = [(32, 20_000), (64, 62_800), (128, 66_000), (256, 70_000)]; // 64: 89.7 %, unreadable on a chart
        Right(GpuWinsExercises.SaturatingBatch(64, onTheLine, "cpu"));
        Right(GpuWinsExercises.SaturatingBatch(128, onTheLine, "cpu"));
        NotYet(GpuWinsExercises.SaturatingBatch(256, onTheLine, "cpu"));
        NotYet(GpuWinsExercises.SaturatingBatch(32, onTheLine, "cpu"));
    }
}

using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

/// <summary>The tunings' environment variables, and the pin's file hash that the runtime remembers between starts.</summary>
public class TuningSwitchTests
{
    [Theory]
    [InlineData(null, TuningSetting.Verified)]
    [InlineData("", TuningSetting.Verified)]
    [InlineData("1", TuningSetting.Verified)]
    [InlineData("0", TuningSetting.Off)]
    [InlineData("false", TuningSetting.Off)]
    [InlineData("OFF", TuningSetting.Off)]
    [InlineData("force", TuningSetting.Force)]
    public void Reads_the_variable(string? value, TuningSetting expected) =>
        Assert.Equal(expected, TuningSwitch.Read(v => v == "WORKBOOK_X" ? value : null, "WORKBOOK_X"));

    [Fact]
    public void A_pinned_file_changed_in_place_is_hashed_again_not_taken_from_the_cache()
    {
        using var scratch = new ScratchDir();
        Func<string, string?> environment = v => v == "WORKBOOK_CACHE" ? scratch.File("cache") : null;
        var file = scratch.File("lib.so");
        File.WriteAllBytes(file, [1, 2, 3]);
        var pin = new BinaryPin("test library", FileSha256.Of(file, environment));
        Assert.Null(pin.Refusal(file, environment));

        File.WriteAllBytes(file, [1, 2, 4]); // same size
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(1));
        Assert.Contains("is not the test library", pin.Refusal(file, environment));
    }
}

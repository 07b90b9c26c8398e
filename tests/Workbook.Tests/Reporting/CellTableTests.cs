using Microsoft.Data.Analysis;
using Workbook.Reporting;

namespace Workbook.Tests.Reporting;

public class CellTableTests
{
    [Fact]
    public void A_frame_becomes_the_cells_the_terminal_prints()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("device", ["cpu", "cuda:0"]),
            new BooleanDataFrameColumn("runs kernels", [true, false]),
            new DoubleDataFrameColumn("error", [4.53e-7, double.NaN]),
            new DoubleDataFrameColumn("tolerance", [0.52734, 0.001]));

        var cells = CellTable.From(frame, "checks", "a caption");

        Assert.Equal("checks", cells.Title);
        Assert.Equal("a caption", cells.Caption);
        Assert.Equal(["device", "runs kernels", "error", "tolerance"], cells.Header);
        Assert.Equal(["cpu", "yes", "4.5e-7", "0.5273"], cells.Rows[0]);
        Assert.Equal(["cuda:0", "no", "NaN", "0.001"], cells.Rows[1]);
    }
}

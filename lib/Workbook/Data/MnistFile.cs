namespace Workbook.Data;

/// <summary>One of the four MNIST files: its IDX name, what its header must say, and the SHA-256 of its raw bytes.</summary>
public sealed record MnistFile(string Name, int Magic, int Count, string Sha256, bool IsImages)
{
    public const int Rows = 28;
    public const int Columns = 28;

    public static readonly MnistFile TrainImages = new("train-images-idx3-ubyte", 0x803, 60000,
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", true);
    public static readonly MnistFile TrainLabels = new("train-labels-idx1-ubyte", 0x801, 60000,
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", false);
    public static readonly MnistFile TestImages = new("t10k-images-idx3-ubyte", 0x803, 10000,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", true);
    public static readonly MnistFile TestLabels = new("t10k-labels-idx1-ubyte", 0x801, 10000,
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", false);

    public static IReadOnlyList<MnistFile> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>Header size: magic, item count, and for images rows and columns (big-endian int32 each).</summary>
    public int HeaderBytes => IsImages ? 16 : 8;

    public int ItemBytes => IsImages ? Rows * Columns : 1;

    public long ExpectedBytes => HeaderBytes + (long)Count * ItemBytes;
}

using System.Runtime.InteropServices;
using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

/// <summary>
/// The allocator tuning's real effect, read from glibc itself: a block glibc served with mmap carries the IS_MMAPPED bit
/// (0x2) in the size word just before it. Each test puts malloc back to glibc's defaults (128 KB thresholds) and trims the
/// heaps first, so that no free heap chunk can serve the probe and what it sees is the tuning's doing; it leaves the
/// tuning applied as the runtime does. The tests of this class run one
/// after another (one xunit collection); other tests never call mallopt, so nothing else moves the threshold meanwhile.
/// </summary>
public class AllocatorTuningTests
{
    const int MTrimThreshold = -1;
    const int MMmapThreshold = -3;
    const int GlibcDefaultThreshold = 128 * 1024;
    const int MiB = 1024 * 1024;
    const int Probe = 24 * MiB; // the CNN's largest activations and gradients are of this order

    [DllImport("libc")] static extern int mallopt(int parameter, int value);
    [DllImport("libc")] static extern nint malloc(nint size);
    [DllImport("libc")] static extern void free(nint block);
    [DllImport("libc")] static extern int malloc_trim(nint pad);
    [DllImport("libc")] static extern MallInfo2 mallinfo2();

    /// <summary>glibc's struct mallinfo2 (2.33+): ten size_t counters, summed over every arena.</summary>
    [StructLayout(LayoutKind.Sequential)]
    struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    /// <summary>More blocks than the free heap chunks of every arena could hold, plus four: free chunks that earlier work
    /// in this process left in the middle of a heap (malloc_trim only returns the top) serve blocks of any size whatever
    /// the threshold, so only the blocks past them say what the threshold does. A 2-vCPU CI run left several hundred MB.</summary>
    static int PastTheFreeChunks(int bytes) => (int)Math.Min(96, (long)mallinfo2().Fordblks / bytes + 4);

    static readonly Func<string, string?> Forced = v => v == AllocatorTuning.Variable ? "force" : null;

    /// <summary>How many of the blocks, held at once, glibc served with mmap (see <see cref="PastTheFreeChunks"/>).</summary>
    static int Mmapped(int bytes)
    {
        var blocks = new nint[PastTheFreeChunks(bytes)];
        try
        {
            for (var i = 0; i < blocks.Length; i++) Assert.NotEqual(0, blocks[i] = malloc(bytes));
            return blocks.Count(b => (Marshal.ReadInt64(b - 8) & 2) != 0);
        }
        finally
        {
            foreach (var b in blocks) if (b != 0) free(b);
        }
    }

    static void UntunedMalloc()
    {
        TorchRuntime.Initialize(); // the runtime's own Apply has run, so it cannot run in the middle of a test
        Assert.Equal(1, mallopt(MMmapThreshold, GlibcDefaultThreshold));
        Assert.Equal(1, mallopt(MTrimThreshold, GlibcDefaultThreshold));
        malloc_trim(0);
        Assert.True(Mmapped(Probe) > 0, "glibc's default serves 24 MB blocks with mmap: the probe sees it");
    }

    [Fact]
    public void Once_applied_blocks_up_to_32_MB_come_from_the_heap_and_larger_ones_are_still_mapped()
    {
        UntunedMalloc();
        Assert.Equal(TuningOutcome.Applied, AllocatorTuning.Apply(Forced).Outcome);
        Assert.True(Mmapped(AllocatorTuning.MmapThresholdBytes + 8 * MiB) > 0, "past the threshold, blocks are still mapped");
        Assert.Equal(0, Mmapped(Probe));
    }

    [Fact]
    public void The_switch_turns_it_off_and_malloc_keeps_glibc_s_default()
    {
        UntunedMalloc();
        foreach (var off in new[] { "0", "false", "off" })
        {
            var state = AllocatorTuning.Apply(v => v == AllocatorTuning.Variable ? off : null);
            Assert.Equal(TuningOutcome.SwitchedOff, state.Outcome);
            Assert.Contains(AllocatorTuning.Variable, state.Note);
            Assert.True(Mmapped(Probe) > 0);
        }
        AllocatorTuning.Apply(Forced);
    }

    [Fact]
    public void Any_other_libc_is_refused_with_the_reason_and_malloc_left_alone()
    {
        using var scratch = new ScratchDir();
        var libc = AllocatorTuning.MappedLibc();
        Assert.NotNull(libc);
        var bytes = File.ReadAllBytes(libc);
        bytes[bytes.Length / 2] ^= 0xff; // one byte changed
        var other = scratch.File("libc.so.6");
        File.WriteAllBytes(other, bytes);

        UntunedMalloc();
        var state = AllocatorTuning.Apply(_ => null, other);
        Assert.Equal(TuningOutcome.Refused, state.Outcome);
        Assert.Contains(other, state.Detail);
        Assert.Contains(VerifiedBinaries.Libc.Sha256, state.Detail);
        Assert.True(Mmapped(Probe) > 0);
        AllocatorTuning.Apply(Forced);
    }

    [Fact]
    public void The_runtime_applied_it_exactly_where_this_process_s_libc_is_the_verified_one()
    {
        var state = TorchRuntime.Initialize().Tunings.Single(t => t.Name == AllocatorTuning.Name);
        var verified = VerifiedBinaries.Libc.Refusal(AllocatorTuning.MappedLibc()!, Environment.GetEnvironmentVariable) is null;
        var expected = TuningSwitch.Read(Environment.GetEnvironmentVariable, AllocatorTuning.Variable) switch
        {
            TuningSetting.Off => TuningOutcome.SwitchedOff,
            TuningSetting.Force => TuningOutcome.Applied,
            _ => verified ? TuningOutcome.Applied : TuningOutcome.Refused,
        };
        Assert.Equal(expected, state.Outcome);
        Assert.Contains(state.Note, TorchRuntime.Initialize().Notes); // the state is where the runtime report shows the others
    }
}

using System.Runtime.InteropServices;

namespace Workbook.Runtime;

/// <summary>
/// libtorch's CPU allocator takes every tensor from glibc malloc. By default glibc serves blocks over 128 KB (rising to
/// at most 32 MB as it adapts) with fresh mmap calls and trims freed heap, so each training step's activations and
/// gradients (tens of MB for the CNN) come back as new zeroed pages. Keeping blocks up to 32 MB on the heap, and the heap
/// untrimmed, lets each step reuse the previous step's memory: on the 2-vCPU Zen 3, CNN, 30 steps, page faults 490k ->
/// 175k and the median step 216 -> 194 ms (-10%) (docs/performance.md, "What was tried"). WORKBOOK_MALLOC_TUNING=0 turns it off.
/// </summary>
public static class AllocatorTuning
{
    public const string Name = "Allocator tuning";
    public const string Variable = "WORKBOOK_MALLOC_TUNING";

    const int MTrimThreshold = -1;
    const int MMmapThreshold = -3;

    /// <summary>Blocks up to this size come from the heap: glibc's ceiling on 64-bit (HEAP_MAX_SIZE / 2).</summary>
    public const int MmapThresholdBytes = 32 * 1024 * 1024;

    const int TrimThresholdBytes = int.MaxValue;

    /// <summary>Applies the setting to this process's malloc when <paramref name="libc"/> (default: the libc this process
    /// mapped) is the verified one.</summary>
    public static TuningReport Apply(Func<string, string?> environment, string? libc = null)
    {
        var setting = TuningSwitch.Read(environment, Variable);
        if (setting == TuningSetting.Off)
            return TuningReport.Off(Name, Variable, "glibc malloc maps and unmaps each large block afresh, as it does by default.");
        libc ??= MappedLibc();
        if (libc is null) return new(Name, TuningOutcome.NotNeeded, "this process does not run on glibc (musl, macOS, Windows): nothing to tune.", Variable);
        if (setting != TuningSetting.Force && VerifiedBinaries.Libc.Refusal(libc, environment) is { } refusal)
            return new(Name, TuningOutcome.Refused, refusal, Variable);
        try
        {
            var ok = Mallopt(MMmapThreshold, MmapThresholdBytes) == 1 & Mallopt(MTrimThreshold, TrimThresholdBytes) == 1;
            return ok
                ? new(Name, TuningOutcome.Applied, "glibc malloc keeps blocks up to 32 MB on the heap and does not trim it, so training steps reuse memory instead of page-faulting it in.", Variable)
                : new(Name, TuningOutcome.Refused, $"{libc}'s mallopt refused the settings.", Variable);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new(Name, TuningOutcome.NotNeeded, "no mallopt in this C library: nothing to tune.", Variable);
        }
    }

    /// <summary>The glibc this process really mapped (from /proc/self/maps); null elsewhere.</summary>
    public static string? MappedLibc()
    {
        if (!OperatingSystem.IsLinux()) return null;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var at = line.IndexOf('/');
            if (at < 0) continue;
            var name = Path.GetFileName(line.AsSpan(at));
            if (name.SequenceEqual("libc.so.6") || name.StartsWith("libc-2.") && name.EndsWith(".so")) return line[at..];
        }
        return null;
    }

    // Blittable ints only: a plain DllImport needs no marshalling code (LibraryImport would require unsafe blocks).
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}

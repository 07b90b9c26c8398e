using System.Runtime.InteropServices;

namespace Workbook.Runtime;

/// <summary>
/// libtorch's CPU allocator takes every tensor from glibc malloc. By default glibc serves blocks over 128 KB (rising to
/// at most 32 MB as it adapts) with fresh mmap calls and trims freed heap, so each training step's activations and
/// gradients (tens of MB for the CNN) come back as new zeroed pages: ~9,500 page faults and ~10% of the CNN's step time
/// on our machines (docs/performance.md). Keeping blocks up to 32 MB on the heap, and the heap untrimmed, lets each step
/// reuse the previous step's memory. WORKBOOK_MALLOC_TUNING=0 turns it off.
/// </summary>
public static class AllocatorTuning
{
    const int MTrimThreshold = -1;
    const int MMmapThreshold = -3;
    const int MmapThresholdBytes = 32 * 1024 * 1024; // glibc's ceiling on 64-bit (HEAP_MAX_SIZE / 2)
    const int TrimThresholdBytes = int.MaxValue;

    /// <summary>Applies the setting; returns a note for the runtime report, or null when off or not glibc.</summary>
    public static string? Apply(Func<string, string?> environment)
    {
        if (environment("WORKBOOK_MALLOC_TUNING") is "0" or "false" or "off") return null;
        try
        {
            var ok = Mallopt(MMmapThreshold, MmapThresholdBytes) == 1 & Mallopt(MTrimThreshold, TrimThresholdBytes) == 1;
            return ok ? "glibc malloc keeps blocks up to 32 MB on the heap and does not trim it, so training steps reuse memory instead of page-faulting it in (WORKBOOK_MALLOC_TUNING=0 turns this off)." : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // not glibc (musl, macOS): nothing to tune
        }
    }

    // Blittable ints only: a plain DllImport needs no marshalling code (LibraryImport would require unsafe blocks).
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}

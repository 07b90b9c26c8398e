using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Workbook.Runtime;

/// <summary>
/// libtorch's dense layers (and every matmul) run oneMKL's SGEMM, and oneMKL picks its AVX-512 kernels only on CPUs
/// whose CPUID vendor reads "GenuineIntel": on AMD CPUs with AVX-512 (Zen 4, Zen 5) it runs its 256-bit
/// <c>mkl_blas_def_sgemm_kernel_0_zen</c> (seen with <c>perf record</c>; <c>MKL_ENABLE_INSTRUCTIONS=AVX512</c> and
/// <c>MKL_DEBUG_CPU_TYPE=5</c> do not change it). MKL caches the vendor answer of <c>mkl_serv_intel_cpu_true</c> and
/// <c>mkl_serv_intel_cpu</c> in one static int each, filled on first use; setting both to 1 before the first GEMM makes
/// it dispatch on the CPU's features instead. On a Zen 4 (family 25 model 17) one thread, best of 15 by CPU time: 2048x2048
/// matmul 83-85 -> 108-109 GFLOP/s, the Keras CNN's dense layer forward + both gradients 14.1-15.2 -> 12.9-13.2 ms, the
/// whole CNN step 127-131 -> 123-128 ms (docs/performance.md, Zen 4). Pinned to the libtorch_cpu.so it was verified on.
/// Applied only where the CPU has the AVX-512 subsets MKL's AVX-512 code needs (F, CD, BW, DQ, VL) and is not Intel (an
/// Intel CPU gets those kernels anyway; an AVX2-only CPU is left exactly as it was). WORKBOOK_MKL_AVX512=0 turns it off.
/// </summary>
public static class MklAvx512
{
    /// <summary>What decides whether the fix applies: the CPUID vendor and the AVX-512 subsets present.</summary>
    public sealed record Cpu(string Vendor, bool HasAvx512Skx)
    {
        public static Cpu Current { get; } = new(ReadVendor(), Avx512F.IsSupported && Avx512F.VL.IsSupported && Avx512CD.IsSupported &&
                                                           Avx512BW.IsSupported && Avx512DQ.IsSupported);

        static string ReadVendor()
        {
            if (!X86Base.IsSupported) return "";
            var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
            var bytes = new byte[12];
            BitConverter.TryWriteBytes(bytes.AsSpan(0), ebx);
            BitConverter.TryWriteBytes(bytes.AsSpan(4), edx);
            BitConverter.TryWriteBytes(bytes.AsSpan(8), ecx);
            return Encoding.ASCII.GetString(bytes);
        }
    }

    /// <summary>The MKL functions whose cached answer is set; each starts with <c>mov eax, [rip + disp32]</c> reading its cache.</summary>
    static readonly string[] VendorChecks = ["mkl_serv_intel_cpu_true", "mkl_serv_intel_cpu"];

    /// <summary>Whether this process told MKL to use its AVX-512 kernels (layouts that suit them key off it).</summary>
    public static bool Active { get; private set; }

    /// <summary>True when MKL would run 256-bit code on a CPU that has the AVX-512 it needs.</summary>
    public static bool Wanted(Cpu cpu) => cpu.HasAvx512Skx && cpu.Vendor != "GenuineIntel";

    public const string Name = "MKL AVX-512 kernels";
    public const string Variable = "WORKBOOK_MKL_AVX512";

    /// <summary>
    /// Applies the fix to the loaded libtorch_cpu.so at <paramref name="libtorchCpuPath"/>, which must be the file it was
    /// verified on (<see cref="VerifiedBinaries.LibTorchCpu"/>): the fix writes into MKL's memory, at addresses decoded
    /// from its code, and a 9-byte match is no proof that another MKL build keeps its answers there.
    /// </summary>
    public static TuningReport Apply(string libtorchCpuPath, nint libtorchCpu, Func<string, string?> environment, Cpu? cpu = null)
    {
        cpu ??= Cpu.Current;
        var setting = TuningSwitch.Read(environment, Variable);
        if (setting == TuningSetting.Off)
            return TuningReport.Off(Name, Variable, $"oneMKL chooses its own kernels ({(Wanted(cpu) ? "256-bit code on this CPU" : "the same ones on this CPU")}).");
        if (!Wanted(cpu))
            return new(Name, TuningOutcome.NotNeeded, $"this {cpu.Vendor} CPU {(cpu.HasAvx512Skx ? "gets MKL's AVX-512 kernels anyway" : "has no AVX-512 for MKL to use")}.", Variable);
        if (setting != TuningSetting.Force && VerifiedBinaries.LibTorchCpu.Refusal(libtorchCpuPath, environment) is { } refusal)
            return new(Name, TuningOutcome.Refused, $"{refusal} MKL keeps its 256-bit kernels on this {cpu.Vendor} CPU.", Variable);
        var caches = new List<nint>();
        foreach (var name in VendorChecks)
        {
            if (!NativeLibrary.TryGetExport(libtorchCpu, name, out var entry))
                return new(Name, TuningOutcome.NotNeeded, "this libtorch has no oneMKL.", Variable);
            if (CacheAddress(entry) is not { } cache || Marshal.ReadInt32(cache) is not (-1 or 0 or 1))
                return new(Name, TuningOutcome.Refused, $"oneMKL's {name} is not the code this workbook knows, so MKL keeps its 256-bit kernels on this {cpu.Vendor} CPU.", Variable);
            caches.Add(cache);
        }
        foreach (var cache in caches) Marshal.WriteInt32(cache, 1);
        Active = true;
        return new(Name, TuningOutcome.Applied, $"oneMKL was told to use its AVX-512 kernels on this {cpu.Vendor} CPU (it checks the vendor, not the features).", Variable);
    }

    /// <summary>
    /// The address of the int a vendor check caches its answer in, decoded from its first instruction
    /// (<c>8B 05 disp32</c>: mov eax, [rip + disp32], rip being the next instruction), which must be followed by the
    /// test of a not-yet-filled cache (<c>85 C0</c>: test eax, eax; or <c>83 F8 FF</c>: cmp eax, -1); null if the code
    /// differs, so a libtorch with another MKL build is left alone.
    /// </summary>
    internal static nint? CacheAddress(nint entry)
    {
        var code = new byte[9];
        Marshal.Copy(entry, code, 0, code.Length);
        if (code[0] != 0x8B || code[1] != 0x05) return null;
        var tests = code[6] == 0x85 && code[7] == 0xC0 || code[6] == 0x83 && code[7] == 0xF8 && code[8] == 0xFF;
        return tests ? entry + 6 + BitConverter.ToInt32(code, 2) : null;
    }

    /// <summary>The vendor checks' current answers (-1: not asked yet, 0: not Intel, 1: Intel or told so), for tests and diagnostics.</summary>
    public static IReadOnlyList<int> CachedAnswers(nint libtorchCpu) =>
        [.. VendorChecks.Select(n => NativeLibrary.TryGetExport(libtorchCpu, n, out var e) && CacheAddress(e) is { } c ? Marshal.ReadInt32(c) : int.MinValue)];
}

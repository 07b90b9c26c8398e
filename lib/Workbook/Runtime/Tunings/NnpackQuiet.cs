using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Workbook.Runtime;

/// <summary>
/// libtorch prints "Could not initialize NNPACK! Reason: Unsupported hardware" to stderr on CPUs NNPACK cannot use
/// (seen on a 2-vCPU AMD EPYC of family 26), each time a convolution asks whether NNPACK is there: a warning about a
/// library the workbook never needs, shown to students in every notebook. libtorch asks only while the user switch
/// (torch.backends.nnpack in Python, at::Context::setUserEnabledNNPACK in C++) is on, and asks it first
/// (ATen/native/Convolution.cpp, use_nnpack). So the question is asked once here with stderr pointed at /dev/null, and
/// only where the answer is "no" is the switch turned off: where NNPACK works, nothing changes.
/// The cost: while the question is asked, file descriptor 2 is the process's, so anything another thread writes to stderr
/// in that window is lost too (the window is timed and reported). TorchSharp binds neither function, so they are called
/// through their C++ symbols, which is why it is pinned to the libtorch_cpu.so it was verified on. WORKBOOK_NNPACK_QUIET=0
/// turns it off (the warning then shows, once per thread pool; convolutions are the same either way).
/// </summary>
public static class NnpackQuiet
{
    const string Available = "_ZN2at6native17_nnpack_availableEv";      // bool at::native::_nnpack_available()
    const string GlobalContext = "_ZN2at13globalContextEv";               // at::Context& at::globalContext()
    const string SetEnabled = "_ZN2at7Context20setUserEnabledNNPACKEb";   // void at::Context::setUserEnabledNNPACK(bool)
    const string GetEnabled = "_ZNK2at7Context17userEnabledNNPACKEv";     // bool at::Context::userEnabledNNPACK() const

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    delegate bool BoolCall();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate nint ContextCall();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate void SetCall(nint context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    delegate bool GetCall(nint context);

    public const string Name = "NNPACK warning silenced";
    public const string Variable = "WORKBOOK_NNPACK_QUIET";

    /// <summary>Asks libtorch at <paramref name="torchCpuPath"/> (handle <paramref name="torchCpu"/>), when it is the verified
    /// file, whether NNPACK runs here, with stderr silenced, and turns libtorch's NNPACK switch off where it does not.</summary>
    public static TuningReport Apply(string torchCpuPath, nint torchCpu, Func<string, string?> environment)
    {
        var setting = TuningSwitch.Read(environment, Variable);
        if (setting == TuningSetting.Off)
            return TuningReport.Off(Name, Variable, "where NNPACK does not support the CPU, libtorch prints \"Could not initialize NNPACK! Reason: Unsupported hardware\" once per thread pool.");
        if (setting != TuningSetting.Force && VerifiedBinaries.LibTorchCpu.Refusal(torchCpuPath, environment) is { } refusal)
            return new(Name, TuningOutcome.Refused, $"{refusal} Its C++ functions are not called; libtorch may print its NNPACK warning.", Variable);
        var window = Stopwatch.StartNew();
        var works = DisableWhereUnsupported(torchCpu);
        var silenced = $"stderr was silenced for {window.Elapsed.TotalMilliseconds:F1} ms while asking, other threads' output included";
        return works switch
        {
            null => new(Name, TuningOutcome.NotNeeded, "this libtorch does not export NNPACK's functions.", Variable),
            true => new(Name, TuningOutcome.NotNeeded, $"NNPACK runs on this CPU, so nothing was switched ({silenced}).", Variable),
            false => new(Name, TuningOutcome.Applied, "NNPACK (an optional convolution library) does not support this CPU; libtorch's warning about it is silenced " +
                                                     $"and convolutions use oneDNN or libtorch's own kernels, as they would anyway ({silenced}).", Variable),
        };
    }

    /// <summary>Whether NNPACK works on this CPU (null: this libtorch does not export the functions). When it does not,
    /// libtorch's own switch is turned off so that no convolution asks (and warns) again.</summary>
    public static bool? DisableWhereUnsupported(nint torchCpu)
    {
        if (!NativeLibrary.TryGetExport(torchCpu, Available, out var available)
            || !NativeLibrary.TryGetExport(torchCpu, GlobalContext, out var context)
            || !NativeLibrary.TryGetExport(torchCpu, SetEnabled, out var set))
            return null;
        bool works;
        using (Stderr.Silenced())
            works = Marshal.GetDelegateForFunctionPointer<BoolCall>(available)();
        if (!works)
            Marshal.GetDelegateForFunctionPointer<SetCall>(set)(Marshal.GetDelegateForFunctionPointer<ContextCall>(context)(), false);
        return works;
    }

    /// <summary>libtorch's switch as it stands (null when not exported): what a test reads back.</summary>
    public static bool? UserEnabled(nint torchCpu) =>
        NativeLibrary.TryGetExport(torchCpu, GlobalContext, out var context) && NativeLibrary.TryGetExport(torchCpu, GetEnabled, out var get)
            ? Marshal.GetDelegateForFunctionPointer<GetCall>(get)(Marshal.GetDelegateForFunctionPointer<ContextCall>(context)())
            : null;

    /// <summary>File descriptor 2 pointed at /dev/null for a moment (c10 writes its warnings to std::cerr, unbuffered).</summary>
    internal static class Stderr
    {
        [DllImport("libc", SetLastError = true)] static extern int dup(int fd);
        [DllImport("libc", SetLastError = true)] static extern int dup2(int from, int to);
        [DllImport("libc", SetLastError = true)] static extern int close(int fd);
        [DllImport("libc", SetLastError = true)] static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

        public static IDisposable Silenced()
        {
            const int writeOnly = 1;
            var saved = dup(2);
            var sink = open("/dev/null", writeOnly);
            if (saved < 0 || sink < 0)
            {
                if (saved >= 0) close(saved);
                if (sink >= 0) close(sink);
                return new Restore(-1);
            }
            dup2(sink, 2);
            close(sink);
            return new Restore(saved);
        }

        sealed class Restore(int saved) : IDisposable
        {
            public void Dispose()
            {
                if (saved < 0) return;
                dup2(saved, 2);
                close(saved);
            }
        }
    }
}

using System.Diagnostics;
using Workbook.Tests.Browser;

namespace Workbook.Tests.Windows;

/// <summary>
/// The Windows lane: the workbook published for win-x64 (self-contained) and run under Wine, the blog's own OS as close as
/// these Linux machines get. Built once per test run (dotnet publish, 22 s on a quiet machine; the Windows runtime pack and
/// libtorch-cpu-win-x64 restore on first use) into artifacts/wine-build, run in a Wine prefix of its own.
/// Every Wine-only setting lives here, with its reason; the product has none of them.
/// </summary>
public sealed class Wine : IDisposable
{
    /// <summary>Points the tests at another Wine loader, or at nothing (a path that does not exist) to see the skip.</summary>
    public const string Variable = "WORKBOOK_WINE";
    public const string DefaultLoader = "/usr/lib/wine/wine64";

    readonly Lazy<string> exe;
    readonly string prefix = Directory.CreateTempSubdirectory("workbook-wineprefix-").FullName;

    public Wine() => exe = new(Publish);

    public static string Loader => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : DefaultLoader;

    /// <summary>The lane's own build folder (WorkbookBundleRoot in Directory.Build.props): apart from the GPU bundle's, whose
    /// tests may publish at the same time.</summary>
    public static string BuildRoot => Path.Combine(Repo.Root, "artifacts", "wine-build");

    /// <summary>Where the win-x64 publish puts the app.</summary>
    public static string PublishDir => Path.Combine(BuildRoot, "bin", "Workbook.Cli", "Release", "win-x64", "publish");

    /// <summary>Seconds the publish took, and each Wine run (the lane's time, printed by the tests).</summary>
    public double PublishSeconds { get; private set; }

    /// <summary>Skips the calling [SkippableFact] with the reason when Wine is absent and CI is not set; under CI=true it fails.</summary>
    public static void RequireOrSkip()
    {
        if (File.Exists(Loader)) return;
        var reason = $"no Wine at {Loader}: install Debian's (`apt-get install wine wine64`, as .ci/run does) or set {Variable} to a wine64 loader";
        if (HeadlessChromium.Required) Assert.Fail($"{reason}. CI is set, so the Windows lane is required.");
        Skip.If(true, $"Skipped: {reason}.");
    }

    /// <summary>A Windows path for a Linux one: Wine maps the whole file system to drive Z:.</summary>
    public static string WindowsPath(string path) => "Z:" + Path.GetFullPath(path).Replace('/', '\\');

    /// <summary>Runs Workbook.Cli.exe (or <paramref name="exePath"/>) under Wine; the output with Spectre's wrapping undone.</summary>
    public (int Exit, string Output, double Seconds) Run(IEnumerable<string> args, string? dllOverrides = null, TimeSpan? timeout = null, string? exePath = null)
    {
        var program = exePath ?? exe.Value;
        var environment = new Dictionary<string, string?>
        {
            // A prefix of its own (a fresh C: drive and registry): never the user's ~/.wine, removed after the tests.
            ["WINEPREFIX"] = prefix,
            // Wine logs hundreds of "fixme:" lines per run (unimplemented corners no Windows program here reaches).
            ["WINEDEBUG"] = "-all",
            // Intel OpenMP (libiomp5md.dll) aborts under Wine 8: "OMP: Error #179: Function GetNumaNodeProcessorMaskEx()
            // failed"; Windows implements that function, so Windows users need nothing.
            ["KMP_AFFINITY"] = "disabled",
            // reproduce --quick died in 2 of 2 runs under Wine 8 with "Internal CLR error (0x80131506)" in
            // DynamicResolver+DestroyScout.Finalize() while .NET's write-xor-execute mapping of JIT code was on.
            ["DOTNET_EnableWriteXorExecute"] = "0",
            // mshtml off: a new prefix otherwise looks for Wine Gecko to install (there is no network here, and a console
            // app needs no HTML engine). mscoree must stay on: Wine's loader maps .NET assemblies through it. Then whatever
            // the test switches off (msvcp140=d: a Windows machine without the Visual C++ runtime).
            ["WINEDLLOVERRIDES"] = "mshtml=" + (dllOverrides is null ? "" : ";" + dllOverrides),
            ["COLUMNS"] = "200",
            ["DISPLAY"] = null,
        };
        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = ChildProcess.Run(Loader, [program, .. args], environment, timeout ?? TimeSpan.FromMinutes(8));
        return (exit, System.Text.RegularExpressions.Regex.Replace(stdout + stderr, @"\s+", " "), clock.Elapsed.TotalSeconds);
    }

    string Publish()
    {
        var clock = Stopwatch.StartNew();
        // WorkbookBundle=true builds apart from the Linux build the tests run from (here into artifacts/wine-build), and leaves
        // out the notebook runner (Roslyn and the F# compiler, ~60 MB): see environment.md for what carrying it would cost.
        var (exit, stdout, stderr) = ChildProcess.Run("dotnet",
            ["publish", "lib/Workbook.Cli", "-c", "Release", "-r", "win-x64", "--self-contained", "-p:WorkbookBundle=true", $"-p:WorkbookBundleRoot={BuildRoot}/", "--nologo"],
            timeout: TimeSpan.FromMinutes(10));
        Assert.True(exit == 0, $"dotnet publish for win-x64 failed ({exit}):\n{stdout}\n{stderr}");
        PublishSeconds = clock.Elapsed.TotalSeconds;
        var path = Path.Combine(PublishDir, "Workbook.Cli.exe");
        Assert.True(File.Exists(path), $"no {path} after publishing");
        return path;
    }

    public string Exe => exe.Value;

    public void Dispose()
    {
        // wineserver lingers for a few seconds after the last program; the prefix goes with it.
        try { ChildProcess.Run(Path.Combine(Path.GetDirectoryName(Loader)!, "wineserver"), ["-k"], new Dictionary<string, string?> { ["WINEPREFIX"] = prefix }, TimeSpan.FromSeconds(30)); }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception) { }
        try { Directory.Delete(prefix, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

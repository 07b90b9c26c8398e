using System.Diagnostics;
using System.Text;

namespace Workbook.Cli.Notebooks;

/// <summary>The outcome of running one lesson file: its exit code and everything it printed.</summary>
public sealed record LessonRun(string Lesson, int ExitCode, string Output, double Seconds)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs a generated lesson (<c>notebooks/NN-name.cs</c>) as a student would, <c>dotnet run NN-name.cs</c>, in a child
/// process: the path that needs no notebook kernel, only the .NET 10 SDK. WORKBOOK_QUICK passes through from this
/// process's environment.
/// </summary>
public static class FileLessonRunner
{
    /// <param name="buildLibrary">False when lib/Workbook is already built: several lessons can then build at once
    /// without two builds of the library writing the same files.</param>
    /// <param name="outputFolder">Where the lesson writes its charts (WORKBOOK_LESSON_OUTPUT); null: artifacts/lessons/.</param>
    /// <param name="environment">Variables set for the lesson only (a test's WORKBOOK_QUICK=1), over this process's.</param>
    public static async Task<LessonRun> RunAsync(string lessonFile, bool buildLibrary = true, string? outputFolder = null,
        IProgress<string>? progress = null, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancel = default)
    {
        var path = Path.GetFullPath(lessonFile);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        foreach (var a in (string[])["run", path, .. buildLibrary ? [] : (string[])["-p:BuildProjectReferences=false"]]) start.ArgumentList.Add(a);
        // A parent `dotnet test` or `dotnet run` leaves MSBuild's locations in the environment; the child's SDK finds its own.
        foreach (var inherited in (string[])["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly"])
            start.Environment.Remove(inherited);
        if (outputFolder is not null) start.Environment["WORKBOOK_LESSON_OUTPUT"] = outputFolder;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var clock = Stopwatch.StartNew();
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        void Line(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            progress?.Report(e.Data);
        }
        process.OutputDataReceived += Line;
        process.ErrorDataReceived += Line;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        process.WaitForExit(); // drains the redirected streams
        lock (output) return new LessonRun(path, process.ExitCode, output.ToString(), clock.Elapsed.TotalSeconds);
    }
}

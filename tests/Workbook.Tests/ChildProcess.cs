using System.Diagnostics;

namespace Workbook.Tests;

/// <summary>Runs a program from the repository root and returns its exit code, stdout and stderr (read concurrently).</summary>
public static class ChildProcess
{
    public static (int Exit, string Stdout, string Stderr) Run(string program, IEnumerable<string> args,
        IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)}");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}

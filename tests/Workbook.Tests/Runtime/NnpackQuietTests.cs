using System.Runtime.InteropServices;
using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

/// <summary>The stderr test points the process's fd 2 elsewhere for a moment: it runs alone so no other test writes there then.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStderrCollection
{
    public const string Name = "Process stderr";
}

/// <summary>libtorch's NNPACK warning: asked once in silence, and the switch turned off only where NNPACK cannot run.</summary>
[Collection(ProcessStderrCollection.Name)]
public class NnpackQuietTests
{
    [DllImport("libc")] static extern int dup(int fd);
    [DllImport("libc")] static extern int dup2(int from, int to);
    [DllImport("libc")] static extern int close(int fd);
    [DllImport("libc")] static extern int pipe(int[] fds);
    [DllImport("libc")] static extern nint write(int fd, byte[] buffer, nint count);
    [DllImport("libc")] static extern nint read(int fd, byte[] buffer, nint count);

    [Fact]
    public void The_switch_is_off_exactly_where_nnpack_cannot_run()
    {
        var runtime = TorchRuntime.Initialize();
        var torchCpu = NativeLibrary.Load(runtime.Loaded.Single(l => l.Name == "libtorch_cpu.so").Path);
        var works = NnpackQuiet.DisableWhereUnsupported(torchCpu);
        Assert.NotNull(works); // libtorch 2.10 exports the functions
        Assert.Equal(works, NnpackQuiet.UserEnabled(torchCpu));
        Assert.Equal(works == false, runtime.Notes.Any(n => n.Contains("NNPACK", StringComparison.Ordinal)));
        Assert.Equal(works == false ? TuningOutcome.Applied : TuningOutcome.NotNeeded, runtime.Tunings.Single(t => t.Name == NnpackQuiet.Name).Outcome);
    }

    [Fact]
    public void The_switch_turns_it_off_and_libtorch_s_own_switch_is_not_touched()
    {
        var (path, torchCpu) = TorchCpu();
        var before = NnpackQuiet.UserEnabled(torchCpu);
        foreach (var off in new[] { "0", "false", "off" })
        {
            var state = NnpackQuiet.Apply(path, torchCpu, v => v == NnpackQuiet.Variable ? off : null);
            Assert.Equal(TuningOutcome.SwitchedOff, state.Outcome);
            Assert.Contains("Could not initialize NNPACK", state.Note);
        }
        Assert.Equal(before, NnpackQuiet.UserEnabled(torchCpu));
    }

    [Fact]
    public void Any_other_libtorch_cpu_is_refused_with_the_reason_and_its_functions_are_not_called()
    {
        using var scratch = new ScratchDir();
        var (path, torchCpu) = TorchCpu();
        var bytes = new byte[1 << 20]; // the shipped file's first MiB, one byte changed: not the pinned file
        using (var real = File.OpenRead(path)) real.ReadExactly(bytes);
        bytes[0] ^= 0xff;
        var other = scratch.File("libtorch_cpu.so");
        File.WriteAllBytes(other, bytes);

        var state = NnpackQuiet.Apply(other, torchCpu, _ => null);
        Assert.Equal(TuningOutcome.Refused, state.Outcome); // asked (and not refused), NNPACK would say Applied or NotNeeded
        Assert.Contains(VerifiedBinaries.LibTorchCpu.Sha256, state.Detail);
        Assert.Contains(NnpackQuiet.Variable, state.Note);
    }

    static (string Path, nint Handle) TorchCpu()
    {
        var path = TorchRuntime.Initialize().Loaded.Single(l => l.Name == "libtorch_cpu.so").Path;
        return (path, NativeLibrary.Load(path));
    }

    [Fact]
    public void Native_stderr_is_silenced_inside_the_scope_and_restored_after()
    {
        // Point fd 2 at a pipe of our own, so that what reaches "stderr" can be read back.
        var fds = new int[2];
        Assert.Equal(0, pipe(fds));
        var original = dup(2);
        dup2(fds[1], 2);
        try
        {
            using (NnpackQuiet.Stderr.Silenced()) Write("hidden\n");
            Write("shown\n");
        }
        finally
        {
            dup2(original, 2);
            close(original);
            close(fds[1]);
        }
        var buffer = new byte[256];
        var n = (int)read(fds[0], buffer, buffer.Length);
        close(fds[0]);
        Assert.Equal("shown\n", System.Text.Encoding.ASCII.GetString(buffer, 0, n));

        static void Write(string text)
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(text);
            write(2, bytes, bytes.Length);
        }
    }
}

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

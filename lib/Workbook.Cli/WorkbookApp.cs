using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Benchmarks;
using Workbook.Cli.Commands;
using Workbook.Data;
using Workbook.Runtime;

namespace Workbook.Cli;

/// <summary>The `workbook` command line. Exit codes: 0 success, 1 the work failed (the message says why), 2 bad usage.</summary>
public static class WorkbookApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static int Run(string[] args, IAnsiConsole console)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("workbook");
            config.ConfigureConsole(console);
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.AddCommand<DoctorCommand>("doctor")
                .WithDescription("Check the environment: TorchSharp natives, devices, and the MNIST data.");
            config.AddCommand<BenchmarkCommand>("reproduce")
                .WithDescription("The blog's experiment: MNIST, batch 128, 1 epoch, three models, on the CPU and every usable GPU.")
                .WithExample("reproduce")
                .WithExample("reproduce", "--quick");
            config.AddCommand<BenchmarkCommand>("bench")
                .WithDescription("Any plan: models x devices x batch sizes x placements, e.g. bench --models cnn --batch-size 32,128,512.");
            config.AddCommand<PerfCommand>("perf")
                .WithDescription("Performance measurements: steps, peak, breakdown, memory, scaling (see docs/performance.md).");
            config.AddCommand<ReportCommand>("report")
                .WithDescription("Rebuild the self-contained HTML report of saved results; --compare puts runs side by side.");
#if NOTEBOOKS
            config.AddBranch("notebooks", notebooks =>
            {
                notebooks.SetDescription("The five notebooks of the blog's walkthrough.");
                notebooks.AddCommand<NotebooksRunCommand>("run")
                    .WithDescription("Execute the notebooks and their solutions headless (C# kernel in-process; --files: their lesson files) and save them with their outputs.");
#if KERNEL
                notebooks.AddCommand<NotebooksRenderCommand>("render")
                    .WithDescription("Run the notebooks and write readable copies to docs/notebooks/ (charts as images, no plotly.js).");
#endif
                notebooks.AddCommand<NotebooksExportCommand>("export")
                    .WithDescription("Write each notebook as a file-based app beside it (notebooks/NN-name.cs): the lesson without a notebook kernel.");
            });
#endif
            config.AddBranch("data", data =>
            {
                data.SetDescription("Manage the MNIST files.");
                data.AddCommand<DataDownloadCommand>("download")
                    .WithDescription("Download missing MNIST files from the public mirrors and verify them.");
            });
        });
        try
        {
            return app.Run(args);
        }
        catch (CommandParseException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            console.MarkupLine("Run [bold]workbook --help[/] for usage.");
            return Usage;
        }
        catch (CommandRuntimeException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            console.MarkupLine("Run [bold]workbook --help[/] for usage.");
            return Usage;
        }
        catch (UsageException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return Usage;
        }
        catch (Exception e) when (e is TorchRuntimeException or ResultsException or MnistDataException)
        {
            // Problems with the machine or the files: the message names the problem and the fix.
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return Failed;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException && IsTorch(e))
        {
            console.MarkupLineInterpolated($"[red]error:[/] TorchSharp's native code did not load ({Innermost(e).Message}).");
            console.MarkupLine("Fix: run [bold]workbook doctor[/]: it loads the natives step by step and names what is missing.");
            return Failed;
        }
        catch (Exception e)
        {
            // Anything else is a fault in the workbook, not in what the user did: one clear message and exit 1, never a
            // stack trace. WORKBOOK_DEBUG=1 shows where it happened.
            console.MarkupLineInterpolated($"[red]error:[/] {Innermost(e).GetType().Name}: {Innermost(e).Message}");
            console.MarkupLine("This is a fault in the workbook itself: please report it with the command you ran (WORKBOOK_DEBUG=1 prints where it happened).");
            if (Environment.GetEnvironmentVariable("WORKBOOK_DEBUG") is "1") console.WriteException(e);
            return Failed;
        }
    }

    static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    /// <summary>Whether TorchSharp's native code failed to load: a TorchSharp type whose static constructor threw (the
    /// runtime names the type), or a native library of torch's that was not found, directly or as the cause.</summary>
    internal static bool IsTorch(Exception e) => e switch
    {
        TypeInitializationException t when t.TypeName?.StartsWith(TorchNamespace, StringComparison.Ordinal) == true => true,
        DllNotFoundException d when NamesTorchLibrary(d) => true,
        _ => e.InnerException is { } inner && IsTorch(inner),
    };

    static readonly string TorchNamespace = typeof(TorchSharp.torch).Namespace + ".";

    /// <summary>
    /// The one text match left: .NET says which native library failed to load only in the message of
    /// <see cref="DllNotFoundException"/> (it has no property for the library), e.g. "Unable to load shared library
    /// 'LibTorchSharp' or one of its dependencies". torch's libraries all carry "torch" in their names (LibTorchSharp,
    /// libtorch_cpu, torch_cuda).
    /// </summary>
    static bool NamesTorchLibrary(DllNotFoundException e) => e.Message.Contains("torch", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A bad argument value the parser could not catch (an unknown model name, a negative size).</summary>
public sealed class UsageException(string message) : Exception(message);

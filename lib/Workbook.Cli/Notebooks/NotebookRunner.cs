using System.Reflection;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Workbook.Cli.Notebooks;

/// <summary>Where a notebook stopped: the 1-based number of the code cell, its first line, and the kernel's error.</summary>
public sealed record CellFailure(int Cell, string FirstLine, string Error);

/// <summary>The outcome of running one notebook: the executed copy (with outputs) and the first failing cell, if any.</summary>
public sealed record NotebookRun(string Notebook, string? ExecutedCopy, int CodeCells, CellFailure? Failure, double Seconds)
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// Executes a .ipynb in-process with the .NET Interactive C# kernel, cell by cell, the way Jupyter would: `#r "nuget:"`
/// works, packages' interactive extensions load (of the notebooks' packages only Microsoft.Data.Analysis has one, its
/// DataFrame formatter; the workbook's charts, exercises and session are HTML the kernel finds through the
/// [TypeFormatterSource] attribute their types carry, Reporting/NotebookFormatting.cs, so no cell registers a formatter),
/// and the working directory is the notebook's own folder. Stops at the first failing cell.
/// </summary>
public static class NotebookRunner
{
    static readonly SemaphoreSlim OneAtATime = new(1, 1); // the working directory is process-wide

    public static async Task<NotebookRun> RunAsync(string notebookPath, string? outputDir, IProgress<string>? progress = null,
        CancellationToken cancel = default)
    {
        var path = Path.GetFullPath(notebookPath);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var kernelInfos = new KernelInfoCollection { new("csharp", languageName: "C#", aliases: ["c#", "C#"]) };
        kernelInfos.DefaultKernelName = "csharp";
        var document = Notebook.Parse(await File.ReadAllTextAsync(path, cancel), kernelInfos);

        await OneAtATime.WaitAsync(cancel);
        var previousDir = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(Path.GetDirectoryName(path)!);
            using var kernel = CreateKernel();
            var codeCell = 0;
            CellFailure? failure = null;
            foreach (var element in document.Elements)
            {
                if (element.KernelName is not ("csharp" or "c#" or "C#") || string.IsNullOrWhiteSpace(element.Contents)) continue;
                codeCell++;
                progress?.Report($"{Path.GetFileName(path)}: cell {codeCell}");
                element.Outputs.Clear();
                var displayed = new Dictionary<string, int>(); // value id -> output index, so an updated display replaces itself
                var result = await kernel.SendAsync(new SubmitCode(element.Contents, "csharp"), cancel);
                foreach (var e in result.Events)
                {
                    switch (e)
                    {
                        case DisplayEvent d and (DisplayedValueProduced or ReturnValueProduced or DisplayedValueUpdated):
                            var output = new DisplayElement(d.FormattedValues.ToDictionary(v => v.MimeType, v => (object)v.Value));
                            if (d.ValueId is { } id && displayed.TryGetValue(id, out var at)) element.Outputs[at] = output;
                            else
                            {
                                if (d.ValueId is { } newId) displayed[newId] = element.Outputs.Count;
                                element.Outputs.Add(output);
                            }
                            break;
                        case StandardOutputValueProduced o:
                            element.Outputs.Add(new TextElement(string.Concat(o.FormattedValues.Select(v => v.Value)), "stdout"));
                            break;
                        case StandardErrorValueProduced o:
                            element.Outputs.Add(new TextElement(string.Concat(o.FormattedValues.Select(v => v.Value)), "stderr"));
                            break;
                        case CommandFailed f:
                            element.Outputs.Add(new ErrorElement(f.Message, "Error", []));
                            failure ??= new CellFailure(codeCell, element.Contents.Split('\n')[0].Trim(), f.Message);
                            break;
                    }
                }
                if (failure is not null) break;
            }

            string? executed = null;
            if (outputDir is not null)
            {
                Directory.CreateDirectory(outputDir);
                executed = Path.Combine(Path.GetFullPath(outputDir, previousDir), Path.GetFileName(path));
                var temp = executed + ".tmp";
                await File.WriteAllTextAsync(temp, document.ToJupyterJson(), cancel);
                File.Move(temp, executed, overwrite: true);
            }
            return new NotebookRun(path, executed, codeCell, failure, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDir);
            OneAtATime.Release();
        }
    }

    static CompositeKernel CreateKernel()
    {
        var composite = new CompositeKernel();
        var csharp = new CSharpKernel()
            .UseNugetDirective(async (k, resolved) =>
            {
                k.AddAssemblyReferences(resolved.SelectMany(r => r.AssemblyPaths));
                foreach (var package in resolved) await LoadExtensionsAsync(composite, package);
            })
            .UseKernelHelpers()
            .UseValueSharing();
        composite.Add(csharp, ["c#", "C#"]);
        composite.DefaultKernelName = "csharp";
        return composite;
    }

    /// <summary>A package's interactive-extensions/dotnet/*.dll: what a real kernel loads to register formatters.</summary>
    static async Task LoadExtensionsAsync(CompositeKernel kernel, ResolvedPackageReference package)
    {
        var dir = Path.Combine(package.PackageRoot, "interactive-extensions", "dotnet");
        if (!Directory.Exists(dir)) return;
        foreach (var dll in Directory.GetFiles(dir, "*.dll"))
        {
            var assembly = Assembly.LoadFrom(dll);
            foreach (var type in assembly.GetExportedTypes().Where(t => typeof(IKernelExtension).IsAssignableFrom(t) && !t.IsAbstract))
                if (Activator.CreateInstance(type) is IKernelExtension extension)
                    await extension.OnLoadAsync(kernel);
        }
    }
}

using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Data;

namespace Workbook.Cli.Commands;

public sealed class DataDownloadSettings : CommandSettings
{
    [CommandOption("--dir <DIR>")]
    [Description("Where to put the files (default: data/mnist of the repository).")]
    public string? Dir { get; init; }

    [CommandOption("--mirror <URL>")]
    [Description("A mirror to use instead of the public ones (a URL ending in /).")]
    public string[]? Mirrors { get; init; }
}

public sealed class DataDownloadCommand(IAnsiConsole console) : AsyncCommand<DataDownloadSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DataDownloadSettings settings, CancellationToken cancellationToken)
    {
        var dir = DataFolder.Mnist(settings.Dir);
        IReadOnlyList<string> fetched = [];
        try
        {
            await console.Progress().StartAsync(async ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new Progress<DownloadProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.File, out var task)) tasks[p.File] = task = ctx.AddTask(p.File, maxValue: p.Total ?? 1);
                    if (p.Total is { } total) task.MaxValue = total;
                    task.Value = p.Bytes;
                });
                fetched = await MnistDownloader.DownloadMissingAsync(dir, progress,
                    settings.Mirrors is { Length: > 0 } m ? m : null, cancel: cancellationToken);
            });
        }
        catch (MnistDataException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return WorkbookApp.Failed;
        }
        console.MarkupLineInterpolated($"{(fetched.Count == 0 ? "Nothing to download" : $"Downloaded and verified {string.Join(", ", fetched)}")}; MNIST is complete in {dir}.");
        return WorkbookApp.Ok;
    }
}

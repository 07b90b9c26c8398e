using Workbook.Cli;

return WorkbookApp.Run(args, Spectre.Console.AnsiConsole.Console);

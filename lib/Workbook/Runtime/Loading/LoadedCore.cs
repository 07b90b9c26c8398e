namespace Workbook.Runtime;

/// <summary>One core libtorch library loaded by full path: where it is and the handle TorchSharp will be given.</summary>
sealed record LoadedCore(string Path, nint Handle);

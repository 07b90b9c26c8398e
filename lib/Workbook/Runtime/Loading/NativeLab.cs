using System.Text;

namespace Workbook.Runtime;

/// <summary>
/// Damaged copies of native folders for the missing-DLL hunt on the page (notebook 00) and in the tests: a folder without
/// one library, or a DLL whose import table names other DLLs. Everything goes to a new temporary folder; the originals
/// are never touched.
/// </summary>
public static class NativeLab
{
    /// <summary>A new folder holding every file of <paramref name="dir"/> but <paramref name="removed"/>: links where the
    /// system allows them (Windows needs developer mode), copies otherwise.</summary>
    public static string Without(string dir, string removed)
    {
        var lab = Directory.CreateTempSubdirectory("workbook-hunt-").FullName;
        foreach (var file in Directory.GetFiles(dir).Where(f => !string.Equals(Path.GetFileName(f), removed, StringComparison.OrdinalIgnoreCase)))
        {
            var target = Path.Combine(lab, Path.GetFileName(file));
            try { File.CreateSymbolicLink(target, file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { File.Copy(file, target); }
        }
        return lab;
    }

    /// <summary>
    /// A copy of <paramref name="dll"/> in a new folder whose import table names other DLLs: each name is overwritten in
    /// place, so the new one must be exactly as long (VCRUNTIME140.dll and cudart64_110.dll are both 16 characters).
    /// </summary>
    public static string WithRenamedImports(string dll, params (string From, string To)[] renames)
    {
        var bytes = File.ReadAllBytes(dll);
        var imported = PeImage.Imports(dll).Select(i => i.Dll).ToHashSet(StringComparer.Ordinal);
        foreach (var (from, to) in renames)
        {
            if (from.Length != to.Length) throw new ArgumentException($"{to} must be as long as {from} ({from.Length} characters) to replace it in place");
            if (!imported.Contains(from)) throw new ArgumentException($"{Path.GetFileName(dll)} does not import {from}");
            var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(from + "\0"));
            Encoding.ASCII.GetBytes(to).CopyTo(bytes, at);
        }
        var lab = Directory.CreateTempSubdirectory("workbook-hunt-").FullName;
        var copy = Path.Combine(lab, Path.GetFileName(dll));
        File.WriteAllBytes(copy, bytes);
        return copy;
    }
}

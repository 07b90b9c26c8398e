using System.Runtime.InteropServices;

namespace Workbook.Runtime;

/// <summary>
/// The missing-DLL hunt from the import tables: the dependency graph of a native library, each dependency looked for
/// where the loader would look (<see cref="NativeSearch"/>), each imported function checked against the exports of the
/// package's own DLLs. Reads files only; <see cref="CheckByLoading"/> adds what only loading can tell (a system DLL that
/// exists but is switched off or broken).
/// </summary>
public sealed class NativeDependencyTree
{
    const int MaxDepth = 32;
    const int MaxNodes = 5000;

    NativeDependencyTree(NativeNode root, NativeSearch search) => (Root, Search) = (root, search);

    public NativeNode Root { get; }
    public NativeSearch Search { get; }

    /// <summary>Walks the dependencies of <paramref name="library"/> (a PE DLL or an ELF shared library).</summary>
    public static NativeDependencyTree Walk(string library, NativeSearch search) =>
        new(new Walker(search).Visit(Path.GetFileName(library), Path.GetFullPath(library), DependencyKind.Root, "the library asked for", null, 0), search);

    /// <summary>Every node, each library once (first occurrence), children before parents: the order a loader must load them in.</summary>
    public IEnumerable<NativeNode> LoadOrder()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var order = new List<NativeNode>();
        void Visit(NativeNode n)
        {
            if (n.ShownAbove || !seen.Add(n.Path ?? n.Name)) return;
            foreach (var c in n.Children) Visit(c);
            order.Add(n);
        }
        Visit(Root);
        return order;
    }

    /// <summary>What stops the library from loading: missing files, unreadable files, functions a dependency lacks, refused loads.</summary>
    public IReadOnlyList<NativeProblem> Problems
    {
        get
        {
            var neededBy = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            void Collect(NativeNode n)
            {
                foreach (var c in n.Children)
                {
                    var list = neededBy.TryGetValue(c.Name, out var l) ? l : neededBy[c.Name] = [];
                    if (!list.Contains(n.Name, StringComparer.OrdinalIgnoreCase)) list.Add(n.Name);
                    if (!c.ShownAbove) Collect(c);
                }
            }
            Collect(Root);
            var problems = new List<NativeProblem>();
            var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var n in All(Root))
            {
                var by = neededBy.GetValueOrDefault(n.Name) ?? [];
                var users = by.Count == 0 ? "" : $", which {string.Join(" and ", by)} need{(by.Count == 1 ? "s" : "")}";
                switch (n.Kind)
                {
                    case DependencyKind.Missing when reported.Add(n.Name):
                        problems.Add(new(n.Name, by, $"{n.Name} is missing{users}: it is not {Looked()}.", MissingDependencyAdvice.For(n.Name)));
                        break;
                    case DependencyKind.DoesNotLoad when reported.Add(n.Name):
                        problems.Add(new(n.Name, by, $"{n.Name} ({n.Path}) is there but does not load{users}; the loader said: {n.Error}", MissingDependencyAdvice.For(n.Name)));
                        break;
                    case DependencyKind.Unreadable when reported.Add(n.Name):
                        problems.Add(new(n.Name, by, $"{n.Name} ({n.Path}) is damaged{users}: {n.Error}", MissingDependencyAdvice.For(n.Name)));
                        break;
                }
                foreach (var c in n.Children.Where(c => c.MissingFunctions.Count > 0 && reported.Add($"{n.Name}>{c.Name}")))
                    problems.Add(Search.Format == NativeFormat.Linux
                        ? new(c.Name, [n.Name], $"{n.Name} needs symbol version(s) {string.Join(", ", c.MissingFunctions)} from {c.Name} ({c.Path}), which does not define them.",
                            MissingDependencyAdvice.For(c.Name))
                        : new(c.Name, [n.Name],
                        $"{n.Name} imports {c.MissingFunctions.Count} function(s) that {c.Name} ({c.Path}) does not export, e.g. {string.Join(", ", c.MissingFunctions.Take(3))}: " +
                        "the two come from different versions (on Windows: error 0x8007007F, 'The specified procedure could not be found').",
                        MissingDependencyAdvice.VisualCppRuntime(c.Name) ? MissingDependencyAdvice.For(c.Name) + " (a newer one than installed)"
                        : MissingDependencyAdvice.ShippedByPackage(c.Name) ? MissingDependencyAdvice.For(c.Name)
                        : $"Use the {c.Name} that {n.Name} was built against (same release of the same package)."));
            }
            return problems;
        }
    }

    string Looked() => Search.Format == NativeFormat.Windows
        ? Search.SystemKnown ? "beside the library, in the application folder, in the Windows system folders or on PATH" : "beside the library or in the application folder"
        : "in the library's RUNPATH, LD_LIBRARY_PATH or the system library folders";

    static IEnumerable<NativeNode> All(NativeNode n)
    {
        yield return n;
        foreach (var c in n.Children.Where(c => !c.ShownAbove))
            foreach (var d in All(c)) yield return d;
    }

    /// <summary>
    /// Loads every library of the tree that this machine can load, dependencies first, by full path, and marks the first
    /// that its loader refuses although every dependency below it loaded: the one the files alone cannot explain (under
    /// Wine with WINEDLLOVERRIDES="msvcp140=d", MSVCP140.dll is in system32 but switched off). Only on this machine's own
    /// format; stops at the first refusal so that nothing above it is attempted.
    /// </summary>
    public NativeDependencyTree CheckByLoading()
    {
        var own = OperatingSystem.IsWindows() ? NativeFormat.Windows : NativeFormat.Linux;
        if (Search.Format != own || !Search.SystemKnown || Problems.Count > 0) return this;
        string? failed = null;
        string? error = null;
        foreach (var n in LoadOrder())
        {
            if (n.Path is null || n.Kind is DependencyKind.Missing or DependencyKind.Unreadable) continue;
            try { NativeLibrary.Load(n.Path); }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                (failed, error) = (n.Path, e.Message.Split('\n')[0]);
                break;
            }
        }
        return failed is null ? this : new(Mark(Root, failed, error!), Search);
    }

    static NativeNode Mark(NativeNode n, string path, string error) =>
        string.Equals(n.Path, path, StringComparison.OrdinalIgnoreCase) && !n.ShownAbove
            ? n with { Kind = DependencyKind.DoesNotLoad, Error = error }
            : n with { Children = [.. n.Children.Select(c => Mark(c, path, error))] };

    /// <summary>
    /// The tree as text, one library a line, each with where it was found or what is wrong with it. A library's system
    /// dependencies share one line (torch_cpu.dll alone imports 12 api-ms-win-crt-* sets), unless something is wrong with one.
    /// </summary>
    public IReadOnlyList<string> Render()
    {
        var lines = new List<string>();
        void Line(NativeNode n, string indent, string branch, string childIndent)
        {
            lines.Add($"{indent}{branch}{n.Name}  {Verdict(n)}");
            var own = n.Children.Where(c => !Quiet(c)).ToList();
            var quiet = n.Children.Where(Quiet).ToList();
            var items = own.Select(c => (Node: c, Text: (string?)null)).ToList();
            if (quiet.Count > 0) items.Add((quiet[0], SystemSummary(quiet)));
            for (var i = 0; i < items.Count; i++)
            {
                var last = i == items.Count - 1;
                if (items[i].Text is { } text) lines.Add($"{indent}{childIndent}{(last ? "└─ " : "├─ ")}{text}");
                else Line(items[i].Node, indent + childIndent, last ? "└─ " : "├─ ", last ? "   " : "│  ");
            }
        }
        Line(Root, "", "", "");
        return lines;
    }

    static bool Quiet(NativeNode n) => n.Kind == DependencyKind.System && n.MissingFunctions.Count == 0;

    static string SystemSummary(List<NativeNode> system)
    {
        var apiSets = system.Where(n => WindowsSystemDlls.IsApiSet(n.Name)).ToList();
        var named = system.Except(apiSets).Select(n => n.Name).ToList();
        if (apiSets.Count > 0) named.Add($"{apiSets.Count} API set{(apiSets.Count == 1 ? "" : "s")} {string.Join(", ", apiSets.Select(a => string.Join('-', a.Name.Split('-').Take(4)) + "-*").Distinct())}");
        var where = system.Select(n => n.Path is null ? null : Path.GetDirectoryName(n.Path)).FirstOrDefault(d => d is not null);
        return $"system{(where is null ? "" : $" ({where})")}: {string.Join(", ", named)}";
    }

    static string Verdict(NativeNode n)
    {
        var text = n.Kind switch
        {
            DependencyKind.Root => n.Path!,
            DependencyKind.Missing => "MISSING",
            DependencyKind.DoesNotLoad => $"DOES NOT LOAD ({n.Path})",
            DependencyKind.Unreadable => $"DAMAGED ({n.Path})",
            _ => n.Where,
        };
        if (n.MissingFunctions.Count > 0)
            text += n.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? $", LACKS {n.MissingFunctions.Count} imported function(s)"
                : $", LACKS {string.Join(", ", n.MissingFunctions)}";
        return n.ShownAbove ? text + " (its dependencies above)" : text;
    }

    /// <summary>One walk: libraries seen once, dependencies resolved with the search rules, export tables cached.</summary>
    sealed class Walker(NativeSearch search)
    {
        readonly HashSet<string> expanded = new(StringComparer.OrdinalIgnoreCase);
        readonly Dictionary<string, IReadOnlySet<string>> exports = new(StringComparer.OrdinalIgnoreCase);
        readonly Dictionary<string, IReadOnlyList<string>> elfDefines = new(StringComparer.Ordinal);
        string? rootDir;
        int nodes;

        public NativeNode Visit(string name, string path, DependencyKind kind, string where, IReadOnlyList<string>? missingFunctions, int depth)
        {
            rootDir ??= Path.GetDirectoryName(path);
            if (++nodes > MaxNodes || depth > MaxDepth)
                throw new InvalidDataException($"The dependency graph of {name} is deeper or larger than any real library's ({MaxDepth} levels, {MaxNodes} libraries).");
            if (!expanded.Add(path)) return new(name, path, kind, where, [], missingFunctions ?? [], ShownAbove: true);
            try
            {
                var children = search.Format == NativeFormat.Windows ? WindowsChildren(path, depth) : LinuxChildren(path, depth);
                return new(name, path, kind, where, children, missingFunctions ?? [], false);
            }
            catch (InvalidDataException e)
            {
                return new(name, path, DependencyKind.Unreadable, where, [], missingFunctions ?? [], false) { Error = e.Message };
            }
        }

        List<NativeNode> WindowsChildren(string path, int depth)
        {
            if (!PeImage.Looks(path)) throw new InvalidDataException($"{path} is not a Windows DLL (no MZ header).");
            var dir = Path.GetDirectoryName(path)!;
            var children = new List<NativeNode>();
            foreach (var import in PeImage.Imports(path))
            {
                var dll = import.Dll;
                if (WindowsSystemDlls.IsApiSet(dll)) { children.Add(Leaf(dll, null, DependencyKind.System, "Windows API set")); continue; }
                var (found, where) = FindWindows(dll, dir);
                if (found is null)
                {
                    children.Add(!search.SystemKnown && WindowsSystemDlls.IsSystem(dll) ? Leaf(dll, null, DependencyKind.System, "part of Windows")
                        : !search.SystemKnown && MissingDependencyAdvice.VisualCppRuntime(dll) ? Leaf(dll, null, DependencyKind.Separate, "Visual C++ 2015-2022 Redistributable (installed separately; not in the package)")
                        : Leaf(dll, null, DependencyKind.Missing, "missing"));
                    continue;
                }
                if (where == SystemWhere) { children.Add(Leaf(dll, found, DependencyKind.System, $"{where} ({Path.GetDirectoryName(found)})")); continue; }
                children.Add(Visit(dll, found, DependencyKind.Found, where, MissingExports(import, found), depth + 1));
            }
            return children;
        }

        const string SystemWhere = "Windows system folder";

        (string? Path, string Where) FindWindows(string dll, string dir)
        {
            if (Exists(dir, dll) is { } beside) return (beside, string.Equals(dir, rootDir, StringComparison.OrdinalIgnoreCase) ? "beside it" : $"beside it ({dir})");
            foreach (var d in search.AppDirs) if (Exists(d, dll) is { } app) return (app, $"application folder ({d})");
            foreach (var d in search.SystemDirs) if (Exists(d, dll) is { } sys) return (sys, SystemWhere);
            foreach (var d in search.SearchPath) if (Exists(d, dll) is { } onPath) return (onPath, $"on PATH ({d})");
            return (null, "missing");
        }

        /// <summary>Functions imported by name that the package's own DLL does not export (the system's own are not second-guessed).</summary>
        IReadOnlyList<string> MissingExports(PeImport import, string dll)
        {
            if (!exports.TryGetValue(dll, out var have))
            {
                try { have = exports[dll] = PeImage.Exports(dll); }
                catch (InvalidDataException) { return []; } // reported when the DLL itself is visited
            }
            return [.. import.Functions.Where(f => !f.StartsWith('#') && !have.Contains(f))];
        }

        List<NativeNode> LinuxChildren(string path, int depth)
        {
            if (!ElfNeeds.Looks(path)) throw new InvalidDataException($"{path} is not an ELF shared library (no ELF header).");
            var needs = ElfNeeds.Read(path);
            var origin = Path.GetDirectoryName(path)!;
            string Expand(string p) => p.Replace("$ORIGIN", origin).Replace("${ORIGIN}", origin);
            var order = new List<(string Dir, string Where)>();
            if (needs.RunPath.Count == 0) order.AddRange(needs.RPath.Select(p => (Expand(p), "RPATH")));
            order.AddRange(search.SearchPath.Select(p => (p, "LD_LIBRARY_PATH")));
            order.AddRange(needs.RunPath.Select(p => (Expand(p), p.Contains("ORIGIN", StringComparison.Ordinal) ? "beside it (RUNPATH $ORIGIN)" : "RUNPATH")));
            order.AddRange(search.AppDirs.Select(p => (p, "application folder")));

            var children = new List<NativeNode>();
            foreach (var so in needs.Needed)
            {
                var hit = order.Select(o => (Path: Exists(o.Dir, so), o.Where)).FirstOrDefault(h => h.Path is not null);
                var system = search.SystemDirs.Select(d => Exists(d, so)).FirstOrDefault(p => p is not null);
                var missingVersions = needs.Versions.Where(v => v.File == so && !v.Weak).Select(v => v.Version).ToList();
                if (hit.Path is null && system is null) { children.Add(Leaf(so, null, DependencyKind.Missing, "missing")); continue; }
                var file = hit.Path ?? system!;
                var lacking = missingVersions.Count == 0 ? [] : missingVersions.Except(Defines(file)).ToList();
                if (hit.Path is null) children.Add(Leaf(so, file, DependencyKind.System, $"system ({Path.GetDirectoryName(file)})") with { MissingFunctions = lacking });
                else children.Add(Visit(so, file, DependencyKind.Found, hit.Where, lacking, depth + 1));
            }
            return children;
        }

        IReadOnlyList<string> Defines(string file)
        {
            var real = Path.GetFullPath(new FileInfo(file).ResolveLinkTarget(true)?.FullName ?? file);
            if (elfDefines.TryGetValue(real, out var d)) return d;
            try { return elfDefines[real] = ElfNeeds.Read(real).Defines; }
            catch (InvalidDataException) { return elfDefines[real] = []; }
        }

        static NativeNode Leaf(string name, string? path, DependencyKind kind, string where) => new(name, path, kind, where, [], [], false);

        /// <summary>The file in that folder, matched case-insensitively for DLLs (Windows file names are; "KERNEL32.dll" is kernel32.dll).</summary>
        string? Exists(string dir, string name)
        {
            if (string.IsNullOrEmpty(dir)) return null;
            var direct = Path.Combine(dir, name);
            if (File.Exists(direct)) return direct;
            if (search.Format != NativeFormat.Windows || !Directory.Exists(dir)) return null;
            try { return Directory.EnumerateFiles(dir, name, new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive, RecurseSubdirectories = false }).FirstOrDefault(); }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }
    }
}

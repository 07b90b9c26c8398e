using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Workbook.Cli.Notebooks;

/// <summary>One code cell as parts of a C# program: its usings, its statements, and the types it declares.</summary>
public sealed record TranslatedCell(IReadOnlyList<string> Usings, string Statements, IReadOnlyList<string> Types);

/// <summary>
/// Rewrites a notebook cell, which the kernel compiles as a script submission, into text that compiles inside one file's
/// top-level statements, with Roslyn reading the cell as the kernel does (a script), so strings, comments and multi-line
/// expressions are never guessed at. What changes, and why:
/// <list type="bullet">
/// <item>a trailing expression without a semicolon, whose value the kernel shows, becomes <c>display(expression);</c>;</item>
/// <item>usings move to the top of the file, and types (classes, records) to its end: C# allows neither among statements;</item>
/// <item><c>var x = ...</c> of a name an earlier cell declared becomes <c>x = ...</c> (a later submission may redeclare; one program may not);</item>
/// <item><c>#r</c> and <c>#!</c> lines become comments (the file's <c>#:package</c> and <c>#:project</c> directives replace them).</item>
/// </list>
/// A method declared in a cell stays where it is and becomes a local function, which C# allows among statements.
/// </summary>
public static partial class CellTranslator
{
    static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    public static TranslatedCell Translate(string cell, ISet<string> declaredBefore, string where)
    {
        var source = KernelDirective().Replace(cell, m => "// " + m.Value); // same length plus 3 per line: spans below are on this text
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(source, Script).GetRoot();
        var errors = root.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException($"{where} does not parse as C#: {errors[0]} Fix the cell in the notebook, then export again.");

        var edits = new List<(TextSpan Span, string Text)>();
        var usings = new List<string>();
        var types = new List<string>();
        foreach (var u in root.Usings)
        {
            usings.Add(u.WithoutTrivia().ToFullString());
            edits.Add((u.Span, ""));
        }
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    types.Add(member.ToFullString().Trim('\n', '\r'));
                    edits.Add((member.FullSpan, ""));
                    break;
                case GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } shown }:
                    edits.Add((new TextSpan(shown.Expression.SpanStart, 0), "display("));
                    edits.Add((new TextSpan(shown.Expression.Span.End, 0), ");"));
                    break;
                case GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local }:
                    var names = local.Declaration.Variables.Select(v => v.Identifier.ValueText).ToList();
                    if (names.Count == 1 && local.Declaration.Type.IsVar && declaredBefore.Contains(names[0]) && local.UsingKeyword.IsKind(SyntaxKind.None))
                        edits.Add((TextSpan.FromBounds(local.Declaration.Type.SpanStart, local.Declaration.Variables[0].SpanStart), ""));
                    foreach (var name in names) declaredBefore.Add(name);
                    break;
            }
        }
        var text = new StringBuilder(source);
        foreach (var (span, replacement) in edits.OrderByDescending(e => e.Span.Start).ThenByDescending(e => e.Span.Length))
            text.Remove(span.Start, span.Length).Insert(span.Start, replacement);
        return new TranslatedCell(usings, CleanLines(text.ToString()), types);
    }

    /// <summary>Lines emptied by a moved using or type go, and so do the cell's blank lines at either end.</summary>
    static string CleanLines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).ToList();
        var kept = lines.Where((l, i) => l.Length > 0 || (i > 0 && lines[i - 1].Length > 0)).ToList();
        return string.Join("\n", kept).Trim('\n');
    }

    /// <summary>A kernel-only line: <c>#r "..."</c> (packages and assemblies) or a <c>#!</c> magic command.</summary>
    [GeneratedRegex(@"(?m)^[ \t]*#(r[ \t]+""|!).*$")]
    private static partial Regex KernelDirective();
}

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
            edits.Add((u.Span, Moved));
        }
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    types.Add(member.ToFullString().Trim('\n', '\r'));
                    edits.Add((member.FullSpan, Moved));
                    break;
                case GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } shown }:
                    edits.Add((new TextSpan(shown.Expression.SpanStart, 0), "display("));
                    edits.Add((new TextSpan(shown.Expression.Span.End, 0), ");"));
                    break;
                // A script reads a top-level `var x = ...;` as a field of the submission, and `using var` as a local.
                case FieldDeclarationSyntax { Modifiers.Count: 0 } field:
                    Declare(field.Declaration, declaredBefore, edits);
                    break;
                case GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0 } local }:
                    Declare(local.Declaration, declaredBefore, edits);
                    break;
            }
        }
        var text = new StringBuilder(source);
        foreach (var (span, replacement) in edits.OrderByDescending(e => e.Span.Start).ThenByDescending(e => e.Span.Length))
            text.Remove(span.Start, span.Length).Insert(span.Start, replacement);
        return new TranslatedCell(usings, CleanLines(text.ToString()), types);
    }

    /// <summary>A single `var` of a name declared before becomes an assignment; every name declared is remembered.</summary>
    static void Declare(VariableDeclarationSyntax declaration, ISet<string> declaredBefore, List<(TextSpan Span, string Text)> edits)
    {
        var names = declaration.Variables.Select(v => v.Identifier.ValueText).ToList();
        if (names.Count == 1 && declaration.Type.IsVar && declaredBefore.Contains(names[0]))
            edits.Add((TextSpan.FromBounds(declaration.Type.SpanStart, declaration.Variables[0].SpanStart), ""));
        foreach (var name in names) declaredBefore.Add(name);
    }

    /// <summary>Marks where a using or a type was cut out, so that the line it leaves empty goes too.</summary>
    const string Moved = "\u0001";

    /// <summary>Lines emptied by a moved using or type go; the cell's own blank lines stay, except at either end.</summary>
    static string CleanLines(string text) => string.Join("\n", text.Replace("\r\n", "\n").Split('\n')
        .Where(l => !(l.Contains(Moved, StringComparison.Ordinal) && l.Replace(Moved, "", StringComparison.Ordinal).Trim().Length == 0))
        .Select(l => l.Replace(Moved, "", StringComparison.Ordinal).TrimEnd())).Trim('\n');

    /// <summary>A kernel-only line: <c>#r "..."</c> (packages and assemblies) or a <c>#!</c> magic command.</summary>
    [GeneratedRegex(@"(?m)^[ \t]*#(r[ \t]+""|!).*$")]
    private static partial Regex KernelDirective();
}

namespace Workbook.Reporting;

/// <summary>
/// Lets the notebook kernel show the workbook's objects as HTML without this library referencing .NET Interactive:
/// the kernel's formatter looks for an attribute of this name (any namespace) and calls the source's
/// CreateTypeFormatters by convention; TorchSharp formats its tensors the same way. Without it, every notebook's
/// first cell had to register a formatter itself.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[] PreferredMimeTypes { get; set; } = ["text/html"];
}

/// <summary>The formatters the kernel discovers through <see cref="TypeFormatterSourceAttribute"/>.</summary>
internal sealed class HtmlFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new HtmlFormatter("text/html", html: true);
        yield return new HtmlFormatter("text/plain", html: false);
    }
}

/// <summary>One MIME type's formatter, in the shape the kernel's convention expects (MimeType + Format).</summary>
internal sealed class HtmlFormatter(string mimeType, bool html)
{
    public string MimeType { get; } = mimeType;

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not IHtmlContent content) return false;
        writer.Write(html ? content.ToHtml() : content.ToString());
        return true;
    }
}

/// <summary>Something a notebook shows as HTML (its <c>ToString</c> is the plain-text form).</summary>
public interface IHtmlContent
{
    string ToHtml();
}

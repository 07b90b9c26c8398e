namespace Workbook.Training;

/// <summary>
/// Reports on the caller's thread, in order. (System.Progress&lt;T&gt; posts to the thread pool: updates arrive late and
/// out of order, and may land after the consumer has finished.)
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

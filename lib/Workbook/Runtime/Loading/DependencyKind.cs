namespace Workbook.Runtime;

/// <summary>How a dependency was found: the verdict printed beside it in the tree.</summary>
public enum DependencyKind
{
    /// <summary>The library the walk started from.</summary>
    Root,
    /// <summary>A file found where the loader looks (its folder says where).</summary>
    Found,
    /// <summary>Part of the operating system (a Windows system DLL or API set, or a file in a Linux system folder); not walked further.</summary>
    System,
    /// <summary>Windows DLLs looked at from another OS: a DLL the package does not ship and Windows does not have either (the Visual C++ runtime).</summary>
    Separate,
    /// <summary>No such file where the loader looks.</summary>
    Missing,
    /// <summary>The file is there but cannot be read as a library (truncated, damaged, another format).</summary>
    Unreadable,
    /// <summary>The file is there but this machine's loader refused it (found by loading it: <see cref="NativeDependencyTree.CheckByLoading"/>).</summary>
    DoesNotLoad,
}

namespace Workbook.Runtime;

/// <summary>Which loader's rules a dependency walk follows: Windows DLLs (PE) or Linux shared libraries (ELF).</summary>
public enum NativeFormat { Windows, Linux }

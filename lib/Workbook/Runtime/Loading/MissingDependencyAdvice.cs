using System.Text.RegularExpressions;

namespace Workbook.Runtime;

/// <summary>
/// What provides a native library that is missing, and how to get it: the blog's "find what is missing" (缺啥找啥) as a
/// lookup. The CUDA names follow NVIDIA's file naming: since CUDA 11 the runtime DLL carries the major version and a
/// zero (cudart64_110.dll serves every CUDA 11.x), cuBLAS the major only (cublas64_11.dll); cuDNN 8 on Windows needs
/// zlibwapi.dll, which NVIDIA's cuDNN 8 installation guide tells users to download separately (cuDNN 9 dropped it).
/// </summary>
public static partial class MissingDependencyAdvice
{
    public const string VcRedistUrl = "https://aka.ms/vs/17/release/vc_redist.x64.exe";

    /// <summary>Files the libtorch packages ship (libtorch-cpu-win-x64, libtorch-cpu-linux-x64 and TorchSharp's glue).</summary>
    static readonly string[] PackageFiles =
        ["c10", "torch", "torch_cpu", "torch_global_deps", "libiomp5md", "libiompstubs5md", "uv", "fbgemm", "asmjit", "LibTorchSharp",
         "libc10", "libtorch", "libtorch_cpu", "libshm", "libgomp", "libLibTorchSharp", "libtorch_global_deps"];

    /// <summary>Is this file one of the workbook's packages' own natives (so a clean restore brings it back)?</summary>
    public static bool ShippedByPackage(string file)
    {
        var stem = Stem(file);
        return PackageFiles.Any(p => stem.Equals(p, StringComparison.OrdinalIgnoreCase)) || stem.StartsWith("libgomp", StringComparison.Ordinal);
    }

    /// <summary>Is this DLL part of the Visual C++ 2015-2022 runtime (not part of Windows, not shipped in the package)?</summary>
    public static bool VisualCppRuntime(string file) => VcRuntime().IsMatch(file);

    /// <summary>Who provides <paramref name="file"/> and how to install it.</summary>
    public static string For(string file)
    {
        if (VisualCppRuntime(file))
            return $"{file} is part of the Microsoft Visual C++ 2015-2022 Redistributable (x64), which libtorch needs and does not ship: " +
                   $"install it from {VcRedistUrl}, then open a new terminal and run doctor again.";
        if (CudaRuntime().Match(file) is { Success: true } cudart)
            return $"{file} is the CUDA runtime of {CudaRelease(cudart.Groups[1].Value)}: install that CUDA Toolkit (its bin folder, " +
                   @"C:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\vX.Y\bin, must be on PATH), or use a framework build for the CUDA you have.";
        if (Cudnn().Match(file) is { Success: true } cudnn)
            return $"{file} is part of cuDNN {cudnn.Groups[1].Value}.x: download cuDNN {cudnn.Groups[1].Value}.x for your CUDA major version from NVIDIA's cuDNN archive " +
                   "and copy its bin folder's DLLs into the CUDA Toolkit's bin folder (or put that folder on PATH).";
        if (file.Equals("zlibwapi.dll", StringComparison.OrdinalIgnoreCase))
            return "zlibwapi.dll is the zlib DLL that cuDNN 8.x needs on Windows and does not ship: NVIDIA's cuDNN 8 installation guide says to " +
                   "download the ZLIB DLL (zlib123dllx64) and put the folder holding zlibwapi.dll on PATH. cuDNN 9 no longer needs it.";
        if (Cublas().Match(file) is { Success: true } cublas)
            return $"{file} is cuBLAS from the CUDA {cublas.Groups[1].Value}.x Toolkit: install CUDA {cublas.Groups[1].Value}.x and put its bin folder on PATH.";
        if (file.Equals("nvcuda.dll", StringComparison.OrdinalIgnoreCase) || file.StartsWith("libcuda.so", StringComparison.Ordinal))
            return $"{file} comes with the NVIDIA display driver: install or update the driver (nvidia-smi must work).";
        if (LinuxCudart().Match(file) is { Success: true } linuxCudart)
            return $"{file} is the CUDA {linuxCudart.Groups[1].Value}.x runtime: install that CUDA Toolkit and add its lib64 folder to LD_LIBRARY_PATH.";
        if (file.StartsWith("libstdc++.so", StringComparison.Ordinal))
            return "Install the distribution's C++ runtime (apt-get install libstdc++6) or a newer one (GCC 13 or later: Ubuntu 24.04, Debian 13).";
        if (ShippedByPackage(file))
        {
            var package = Stem(file).Contains("LibTorchSharp", StringComparison.OrdinalIgnoreCase) ? $"torchsharp/{BuildInfo.TorchSharpVersion}" : $"libtorch-cpu-{Rid(file)}/{BuildInfo.LibTorchVersion}";
            var folder = file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? $"%USERPROFILE%\\.nuget\\packages\\{package.Replace('/', '\\')}"
                : $"~/.nuget/packages/{package}";
            return $"{file} ships in the NuGet package {package}, so that package is incomplete: do a clean restore (delete the folder {folder}, " +
                   "or the same folder under NUGET_PACKAGES when that is set, then dotnet build Workbook.sln).";
        }
        return $"Find which installer or package provides {file} and put its folder where the loader looks " +
               (file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "(beside the program or on PATH)." : "(LD_LIBRARY_PATH or an ldconfig folder).");
    }

    /// <summary>cudart64_110 is CUDA 11.0-11.x (one DLL name for the whole major since 11); cudart64_101 is 10.1; cudart64_12 is 12.x.</summary>
    public static string CudaRelease(string digits) => digits switch
    {
        { Length: 3 } when digits[2] == '0' && int.Parse(digits[..2]) >= 11 => $"CUDA {digits[..2]}.0-{digits[..2]}.x (every CUDA {digits[..2]} Toolkit installs cudart64_{digits}.dll)",
        { Length: 3 } => $"CUDA {digits[..2]}.{digits[2]}",
        { Length: 2 } when int.Parse(digits) >= 12 => $"CUDA {digits}.x",
        { Length: 2 } => $"CUDA {digits[0]}.{digits[1]}",
        _ => $"CUDA {digits}",
    };

    static string Stem(string file)
    {
        var name = Path.GetFileName(file);
        var dot = name.IndexOf('.');
        var stem = dot < 0 ? name : name[..dot];
        var dash = stem.IndexOf('-'); // libgomp-a34b3233.so.1
        return dash < 0 ? stem : stem[..dash];
    }

    static string Rid(string file) => file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "win-x64" : "linux-x64";

    [GeneratedRegex(@"^(msvcp140(_\d|_atomic_wait|_codecvt_ids)?|vcruntime140(_1)?|concrt140|vcomp140)\.dll$", RegexOptions.IgnoreCase)]
    private static partial Regex VcRuntime();

    [GeneratedRegex(@"^cudart64_(\d+)\.dll$", RegexOptions.IgnoreCase)]
    private static partial Regex CudaRuntime();

    [GeneratedRegex(@"^cudnn\w*64_(\d+)\.dll$", RegexOptions.IgnoreCase)]
    private static partial Regex Cudnn();

    [GeneratedRegex(@"^cublas(?:Lt)?64_(\d+)\.dll$", RegexOptions.IgnoreCase)]
    private static partial Regex Cublas();

    [GeneratedRegex(@"^libcudart\.so\.(\d+)")]
    private static partial Regex LinuxCudart();
}

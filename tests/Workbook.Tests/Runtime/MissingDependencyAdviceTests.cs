using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

public class MissingDependencyAdviceTests
{
    [Theory]
    [InlineData("MSVCP140.dll", "Visual C++ 2015-2022 Redistributable")]
    [InlineData("VCRUNTIME140_1.dll", "https://aka.ms/vs/17/release/vc_redist.x64.exe")]
    [InlineData("cudart64_110.dll", "CUDA 11.0-11.x")]
    [InlineData("cudart64_101.dll", "CUDA 10.1")]
    [InlineData("cudart64_12.dll", "CUDA 12.x")]
    [InlineData("cudnn64_8.dll", "cuDNN 8.x")]
    [InlineData("cudnn_ops_infer64_8.dll", "cuDNN 8.x")]
    [InlineData("zlibwapi.dll", "cuDNN 8.x needs on Windows")]
    [InlineData("cublas64_11.dll", "CUDA 11.x Toolkit")]
    [InlineData("cublasLt64_12.dll", "CUDA 12.x Toolkit")]
    [InlineData("torch_cpu.dll", @"%USERPROFILE%\.nuget\packages\libtorch-cpu-win-x64\2.10.0")]
    [InlineData("libc10.so", "~/.nuget/packages/libtorch-cpu-linux-x64/2.10.0")]
    [InlineData("LibTorchSharp.dll", "torchsharp")]
    [InlineData("libgomp-98b21ff3.so.1", "libtorch-cpu-linux-x64")]
    [InlineData("libcuda.so.1", "NVIDIA display driver")]
    [InlineData("somethingelse.dll", "on PATH")]
    public void Each_file_of_the_blog_gets_its_provider(string file, string expected) =>
        Assert.Contains(expected, MissingDependencyAdvice.For(file));
}

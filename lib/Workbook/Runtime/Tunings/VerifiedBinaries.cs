namespace Workbook.Runtime;

/// <summary>The native files the tunings were verified on, in one place: a new libtorch or glibc means measuring again and adding its hash here.</summary>
public static class VerifiedBinaries
{
    /// <summary>libtorch-cpu-linux-x64 2.10.0's runtimes/linux-x64/native/libtorch_cpu.so as NuGet restores it (461,211,481
    /// bytes). oneMKL is linked into it (mkl_serv_intel_cpu, mkl_serv_intel_cpu_true), and so are the at::Context and
    /// NNPACK functions <see cref="NnpackQuiet"/> calls by their C++ names.</summary>
    public static BinaryPin LibTorchCpu { get; } = new("libtorch_cpu.so of libtorch-cpu-linux-x64 2.10.0",
        "0f4b3e14ed8468219fefe110605e741afc6bfbec27cc777a224301edb9f24c41");

    /// <summary>Debian 12's /usr/lib/x86_64-linux-gnu/libc.so.6 (glibc 2.36-9+deb12u14), on whose malloc the allocator
    /// setting was measured (mallopt is glibc's public interface; the pin keeps the claim to what was measured).</summary>
    public static BinaryPin Libc { get; } = new("libc.so.6 of Debian 12 (glibc 2.36-9+deb12u14)",
        "6b4a45352fd0c540a9c7c718f35ce8c8e46a4e482f9d3885a910c32d1a0e1421");
}

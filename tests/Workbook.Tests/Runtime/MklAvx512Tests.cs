using System.Runtime.InteropServices;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Tests.Runtime;

/// <summary>oneMKL's AVX-512 kernels on AMD CPUs: applied exactly where they exist and are withheld, and results stay the same.</summary>
public class MklAvx512Tests
{
    static readonly RuntimeReport Report = TorchRuntime.Initialize();

    static string LibTorchCpuPath => Report.Loaded.Single(l => l.Name == "libtorch_cpu.so").Path;

    static nint LibTorchCpu() => NativeLibrary.Load(LibTorchCpuPath); // the handle already loaded

    static readonly MklAvx512.Cpu AvxAmd = new("AuthenticAMD", true);

    [Theory]
    [InlineData("AuthenticAMD", true, true)]   // Zen 4 / Zen 5: MKL would run its 256-bit "zen" kernels
    [InlineData("AuthenticAMD", false, false)] // Zen 3 and older: AVX2 only, nothing to gain
    [InlineData("GenuineIntel", true, false)]  // Intel gets the AVX-512 kernels anyway
    [InlineData("GenuineIntel", false, false)]
    public void Applies_only_to_non_Intel_CPUs_with_AVX_512(string vendor, bool avx512, bool wanted) =>
        Assert.Equal(wanted, MklAvx512.Wanted(new MklAvx512.Cpu(vendor, avx512)));

    [Fact]
    public void An_AVX2_only_CPU_or_the_opt_out_leaves_MKL_exactly_as_it_was()
    {
        var lib = LibTorchCpu();
        var before = MklAvx512.CachedAnswers(lib);
        Assert.Equal(TuningOutcome.NotNeeded, MklAvx512.Apply(LibTorchCpuPath, lib, _ => null, new MklAvx512.Cpu("AuthenticAMD", false)).Outcome);
        var off = MklAvx512.Apply(LibTorchCpuPath, lib, v => v == MklAvx512.Variable ? "0" : null, AvxAmd);
        Assert.Equal(TuningOutcome.SwitchedOff, off.Outcome);
        Assert.Contains(MklAvx512.Variable, off.Note);
        Assert.Equal(before, MklAvx512.CachedAnswers(lib));
    }

    [Fact]
    public void The_shipped_libtorch_cpu_is_the_verified_one() =>
        Assert.Null(VerifiedBinaries.LibTorchCpu.Refusal(LibTorchCpuPath, Environment.GetEnvironmentVariable));

    [Fact]
    public void Any_other_libtorch_cpu_is_refused_with_the_reason_and_MKL_is_not_written()
    {
        // The handle is the real MKL, whose code the 9-byte check accepts; only the file's hash stands in the way. The copy
        // is the shipped file's first MiB with one byte changed: a hash tells 1 MiB from 461 MB as surely as from one byte.
        using var scratch = new ScratchDir();
        var bytes = new byte[1 << 20];
        using (var real = File.OpenRead(LibTorchCpuPath)) real.ReadExactly(bytes);
        bytes[^1] ^= 0xff;
        var other = scratch.File("libtorch_cpu.so");
        File.WriteAllBytes(other, bytes);

        var lib = LibTorchCpu();
        var before = MklAvx512.CachedAnswers(lib);
        var state = MklAvx512.Apply(other, lib, _ => null, AvxAmd);
        Assert.Equal(TuningOutcome.Refused, state.Outcome);
        Assert.Contains(other, state.Detail);
        Assert.Contains(VerifiedBinaries.LibTorchCpu.Sha256, state.Detail);
        Assert.Contains(MklAvx512.Variable, state.Note);
        Assert.Equal(before, MklAvx512.CachedAnswers(lib));
    }

    [Fact]
    public void This_process_runs_MKL_as_its_CPU_warrants()
    {
        var answers = MklAvx512.CachedAnswers(LibTorchCpu());
        Assert.Equal(2, answers.Count);
        Assert.DoesNotContain(int.MinValue, answers); // both vendor checks found and decoded in this libtorch
        var setting = TuningSwitch.Read(Environment.GetEnvironmentVariable, MklAvx512.Variable);
        var verified = VerifiedBinaries.LibTorchCpu.Refusal(LibTorchCpuPath, Environment.GetEnvironmentVariable) is null;
        var applied = MklAvx512.Wanted(MklAvx512.Cpu.Current) && setting != TuningSetting.Off && (verified || setting == TuningSetting.Force);
        var state = Report.Tunings.Single(t => t.Name == MklAvx512.Name);
        Assert.Equal(applied, state.Outcome == TuningOutcome.Applied);
        Assert.Equal(applied, MklAvx512.Active);
        if (state.Note is { } note) Assert.Contains(note, Report.Notes);
        if (applied) Assert.All(answers, a => Assert.Equal(1, a));
        // Not applied: MKL's own answer stands, -1 (not asked yet) or its vendor check's, which is 1 only on an Intel CPU.
        else if (MklAvx512.Cpu.Current.Vendor != "GenuineIntel") Assert.All(answers, a => Assert.NotEqual(1, a));
    }

    [Theory]
    [InlineData(128, 9216, 128)] // the Keras CNN's dense layer: forward, and its two gradients below
    [InlineData(128, 784, 128)]  // the MLP's hidden layer
    [InlineData(333, 517, 65)]   // off every kernel's block size
    public void Matmul_results_are_those_of_a_float64_reference(int m, int k, int n)
    {
        // Whatever kernels MKL picked in this process (AVX-512 here on a Zen 4/5), the products are right: each of the
        // transposition cases a dense layer's forward and backward passes use, against float64 on the same numbers.
        using var scope = NewDisposeScope();
        var gen = new Generator(7);
        var a = randn(m, k, generator: gen);
        var b = randn(k, n, generator: gen);
        var reference = a.to_type(ScalarType.Float64).matmul(b.to_type(ScalarType.Float64));
        foreach (var product in new[] { a.matmul(b), a.matmul(b.t().contiguous().t()), a.t().contiguous().t().matmul(b), b.t().matmul(a.t()).t() })
        {
            var error = (product.to_type(ScalarType.Float64) - reference).abs().max().item<double>() / reference.abs().max().item<double>();
            Assert.True(error < 1e-5, $"{m}x{k}x{n}: relative error {error:E2}");
        }
    }
}

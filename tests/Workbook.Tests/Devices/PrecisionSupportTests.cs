using Workbook.Devices;

namespace Workbook.Tests.Devices;

/// <summary>Which precision each kind of machine is offered: decided from what the CPU and GPU report, the same on every CPU
/// that reports the same (an Intel Sapphire Rapids with AMX, a Zen 4 with AVX512_BF16, this build machine's Zen 3).</summary>
public class PrecisionSupportTests
{
    [Theory]
    [InlineData("AMX-BF16")]
    [InlineData("AVX512_BF16")]
    public void Bf16_is_offered_on_a_cpu_with_bf16_instructions(string instructions) =>
        Assert.Null(PrecisionSupport.WhyNot(Precision.Bf16, "cpu", instructions, null));

    [Fact]
    public void Bf16_on_a_cpu_without_them_is_refused_naming_what_is_missing_and_what_to_do()
    {
        var why = PrecisionSupport.WhyNot(Precision.Bf16, "cpu", null, null);
        Assert.NotNull(why);
        Assert.Contains("AVX512_BF16", why);
        Assert.Contains("AMX", why);
        Assert.Contains("Use float32", why);
    }

    [Theory]
    [InlineData(Precision.Tf32, "cpu", null, "NVIDIA GPU format")]
    [InlineData(Precision.Tf32, "cuda:0", "7.5", "8.0")]
    [InlineData(Precision.Bf16, "cuda:0", "7.0", "8.0")]
    public void Tf32_and_gpu_bf16_need_an_ampere_gpu(Precision precision, string device, string? cc, string named) =>
        Assert.Contains(named, PrecisionSupport.WhyNot(precision, device, null, cc));

    [Theory]
    [InlineData(Precision.Tf32, "9.0")]
    [InlineData(Precision.Bf16, "8.0")]
    [InlineData(Precision.Float32Strict, "7.0")]
    public void An_ampere_or_later_gpu_is_offered_every_format(Precision precision, string cc) =>
        Assert.Null(PrecisionSupport.WhyNot(precision, "cuda:0", null, cc));

    [Fact]
    public void Float32_runs_everywhere() =>
        Assert.Null(PrecisionSupport.WhyNot(Precision.Float32, "cpu", null, null));

    [Fact]
    public void Names_parse_back_and_an_unknown_one_lists_the_choices()
    {
        foreach (var (name, precision) in PrecisionNames.All) Assert.Equal(precision, PrecisionNames.Parse(name));
        var e = Assert.Throws<ArgumentException>(() => PrecisionNames.Parse("fp8"));
        Assert.Contains("float32, float32-strict, tf32, bf16", e.Message);
    }

    [Fact]
    public void The_bf16_instructions_cpuid_reports_agree_with_the_kernels_flags_where_linux_lists_them()
    {
        if (!File.Exists("/proc/cpuinfo")) return; // Windows: CPUID is the only source
        var flags = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ');
        var expected = flags.Contains("amx_bf16") ? "AMX-BF16" : flags.Contains("avx512_bf16") ? "AVX512_BF16" : null;
        Assert.Equal(expected, Bf16Instructions.Found());
    }
}

/// <summary>What a GPU row says it computed in, read from libtorch's two TF32 switches (global flags, which a CPU-only
/// libtorch keeps too, so this runs without a GPU), and the switch puts them back.</summary>
[Collection(SerialTorch.Name)]
public class Tf32SwitchTests
{
    public Tf32SwitchTests() => Workbook.Runtime.TorchRuntime.Initialize();

    [Fact]
    public void A_gpu_row_names_libtorchs_default_and_each_switch_setting()
    {
        Assert.Equal("float32, convolutions in TF32 (libtorch's default)", PrecisionSupport.Label(Precision.Float32, "cuda:0"));
        using (Tf32Switch.For(Precision.Tf32))
            Assert.Equal("tf32 (convolutions and matmuls)", PrecisionSupport.Label(Precision.Tf32, "cuda:0"));
        using (Tf32Switch.For(Precision.Float32Strict))
            Assert.Equal("float32 (TF32 off)", PrecisionSupport.Label(Precision.Float32Strict, "cuda:0"));
        Assert.True(TorchSharp.torch.backends.cudnn.allow_tf32, "the switch must put libtorch's default back");
        Assert.False(TorchSharp.torch.backends.cuda.matmul.allow_tf32);
        Assert.Equal("float32", PrecisionSupport.Label(Precision.Float32, "cpu"));
        Assert.StartsWith("bf16 mixed", PrecisionSupport.Label(Precision.Bf16, "cpu"));
    }
}

namespace Workbook.Devices;

/// <summary>The host CPU as the training code sees it: model, cores, torch's thread count and the vector ISAs that matter for speed.</summary>
public sealed record CpuInfo(string Model, int PhysicalCores, int LogicalCores, int TorchThreads, IReadOnlyList<string> IsaFlags)
{
    static readonly string[] Interesting = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni", "amx_tile", "amx_bf16"];

    public static CpuInfo Detect()
    {
        string model = "unknown";
        var flags = new HashSet<string>();
        var cores = new HashSet<string>();
        string physical = "0";
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                var colon = line.IndexOf(':');
                if (colon < 0) continue;
                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                switch (key)
                {
                    case "model name": model = value; break;
                    case "physical id": physical = value; break;
                    case "core id": cores.Add($"{physical}:{value}"); break;
                    case "flags": flags.UnionWith(value.Split(' ')); break;
                }
            }
        }
        catch (IOException) { }
        var logical = Environment.ProcessorCount;
        return new CpuInfo(model, cores.Count == 0 ? logical : cores.Count, logical, TorchSharp.torch.get_num_threads(),
            [.. Interesting.Where(flags.Contains)]);
    }
}

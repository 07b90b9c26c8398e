using System.Runtime.InteropServices;
using TorchSharp;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Devices;

/// <summary>What hardware this machine has for training, whether each device is really usable, and why any GPU is absent.</summary>
public sealed record DeviceReport(CpuInfo Cpu, IReadOnlyList<GpuInfo> Gpus, bool CudaAvailable, bool CudnnAvailable,
    string? GpuAbsence, IReadOnlyList<UsableCheck> Checks)
{
    /// <summary>Devices that passed the usable check, CPU first ("cpu", "cuda:0", ...).</summary>
    public IReadOnlyList<string> UsableDevices => [.. Checks.Where(c => c.Usable).Select(c => c.Device)];

    /// <summary>Null where <paramref name="device"/> ("cpu", "cuda", "cuda:1") computes in <paramref name="precision"/>, else why not.</summary>
    public string? WhyNot(Precision precision, string device) => PrecisionSupport.WhyNot(precision, device, Bf16Instructions.Found(),
        Gpus.FirstOrDefault(g => DeviceNames.Gpu(g.Index) == device || device == DeviceNames.Cuda)?.ComputeCapability);

    public static DeviceReport Detect(bool runChecks = true)
    {
        var runtime = TorchRuntime.Initialize();
        var cpu = CpuInfo.Detect();
        var (gpus, smiAbsence) = NvidiaSmi.Query();
        bool available = false, cudnn = false;
        string? loadError = null;
        try
        {
            available = cuda.is_available();
            cudnn = available && cuda.is_cudnn_available();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ExternalException)
        {
            loadError = e.Message.Split('\n')[0];
        }

        string? absence = null;
        if (!available)
            absence = smiAbsence is not null ? smiAbsence
                : runtime.Backend != "cuda" ? $"CPU-only natives restored ({gpus?.Count ?? 0} NVIDIA GPU(s) present): build with -p:TorchBackend=cuda or set WORKBOOK_LIBTORCH to a CUDA libtorch {BuildInfo.LibTorchVersion}"
                : $"libtorch_cuda loaded but CUDA did not initialise{(loadError is null ? "" : $": {loadError}")} (check that the driver supports CUDA 12.8: nvidia-smi)";

        var checks = new List<UsableCheck>();
        if (runChecks)
        {
            checks.Add(UsableCheck.Run(CPU));
            if (available)
                for (var i = 0; i < cuda.device_count(); i++) checks.Add(UsableCheck.Run(new Device(DeviceType.CUDA, i)));
        }
        return new DeviceReport(cpu, gpus ?? [], available, cudnn, absence, checks);
    }
}

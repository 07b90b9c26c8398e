using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Devices;

/// <summary>
/// The workbook's one synchronisation: wait for the work queued on a device, so that a clock read afterwards measures
/// work done, not work queued. A no-op on the CPU, where every operation has finished when it returns. Every clock in the
/// library reads after it, most through <c>Training.StepClock</c>.
/// </summary>
public static class DeviceSync
{
    public static void Wait(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(device);
    }
}

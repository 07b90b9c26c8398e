using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Data;

/// <summary>
/// One split of MNIST as tensors: images [N, 1, 28, 28] float32 in [0, 1] (Keras's x / 255) and labels [N] int64.
/// The tensors are built once; subsets and batches are views or index-selects of them.
/// </summary>
public sealed class MnistSplit : IDisposable
{
    public const int Classes = 10;

    internal MnistSplit(string name, Tensor images, Tensor labels)
    {
        Name = name;
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
    }

    public string Name { get; }
    public Tensor Images { get; }
    public Tensor Labels { get; }
    public int Count => (int)Labels.shape[0];
    public Device Device => Images.device;

    /// <summary>How many images of each digit 0..9.</summary>
    public long[] ClassCounts()
    {
        using var scope = NewDisposeScope();
        return Labels.bincount(null, Classes).cpu().data<long>().ToArray();
    }

    /// <summary>The first <paramref name="n"/> images (views, no copy).</summary>
    public MnistSplit Take(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        n = Math.Min(n, Count);
        return new MnistSplit($"{Name}[:{n}]", Images.narrow(0, 0, n), Labels.narrow(0, 0, n));
    }

    /// <summary><paramref name="n"/> images with every class equally represented (as far as n allows), in dataset order.</summary>
    public MnistSplit Stratified(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        n = Math.Min(n, Count);
        var labels = Labels.cpu().data<long>().ToArray();
        var quota = new int[Classes];
        for (var c = 0; c < Classes; c++) quota[c] = n / Classes + (c < n % Classes ? 1 : 0);
        var picked = new List<long>(n);
        for (var i = 0; i < labels.Length && picked.Count < n; i++)
            if (quota[labels[i]]-- > 0) picked.Add(i);
        using var index = tensor(picked.ToArray(), device: Device);
        return new MnistSplit($"{Name}[stratified {n}]", Images.index_select(0, index), Labels.index_select(0, index));
    }

    /// <summary>A copy of this split on another device (the whole set moved once: "resident" placement).</summary>
    public MnistSplit To(Device device) =>
        device == Device ? this : new MnistSplit(Name, Images.to(device), Labels.to(device));

    /// <summary>
    /// The batches of one pass: contiguous views in order, or index-selects of a permutation when shuffling.
    /// Each batch is a fresh tensor pair owned by the caller's dispose scope.
    /// </summary>
    public IEnumerable<(Tensor Images, Tensor Labels)> Batches(int batchSize, Generator? shuffle = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        using var order = shuffle is null ? null : Permutation(shuffle);
        for (var start = 0; start < Count; start += batchSize)
        {
            var size = Math.Min(batchSize, Count - start);
            if (order is null)
            {
                yield return (Images.narrow(0, start, size), Labels.narrow(0, start, size));
            }
            else
            {
                using var index = order.narrow(0, start, size);
                yield return (Images.index_select(0, index), Labels.index_select(0, index));
            }
        }
    }

    Tensor Permutation(Generator shuffle)
    {
        // The generator lives on the CPU; on the CPU .to() hands back a second handle that would otherwise leak.
        var cpu = randperm(Count, generator: shuffle);
        if (Device.type == DeviceType.CPU) return cpu;
        using (cpu) return cpu.to(Device);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

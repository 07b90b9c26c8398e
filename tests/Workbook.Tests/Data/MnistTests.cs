using Workbook.Data;
using static TorchSharp.torch;

namespace Workbook.Tests.Data;

public sealed class MnistFixture : IDisposable
{
    public Mnist Mnist { get; } = Mnist.Load(Repo.Mnist);
    public void Dispose() => Mnist.Dispose();
}

public class MnistTests(MnistFixture fixture) : IClassFixture<MnistFixture>
{
    readonly Mnist mnist = fixture.Mnist;

    [Fact]
    public void Shipped_files_load_verified_with_the_published_counts()
    {
        Assert.Equal(60000, mnist.Train.Count);
        Assert.Equal(10000, mnist.Test.Count);
        Assert.All(mnist.Files, f => Assert.True(f.Verified && f.Gzipped));
        Assert.Equal(new long[] { 5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949 }, mnist.Train.ClassCounts());
        Assert.Equal(new long[] { 980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009 }, mnist.Test.ClassCounts());
    }

    [Fact]
    public void First_train_labels_and_tensor_shapes_are_right()
    {
        Assert.Equal(new long[] { 5, 0, 4, 1, 9, 2, 1, 3, 1, 4 }, mnist.Train.Labels.narrow(0, 0, 10).data<long>().ToArray());
        Assert.Equal(new long[] { 60000, 1, 28, 28 }, mnist.Train.Images.shape);
        Assert.Equal(ScalarType.Float32, mnist.Train.Images.dtype);
        Assert.Equal(ScalarType.Int64, mnist.Train.Labels.dtype);
        Assert.Equal(0f, mnist.Train.Images.min().item<float>());
        Assert.Equal(1f, mnist.Train.Images.max().item<float>());
        // Mean pixel of MNIST's training set is the well-known 0.1307.
        Assert.Equal(0.1307, mnist.Train.Images.mean().item<float>(), 3);
    }

    [Fact]
    public void Take_is_a_view_of_the_first_images()
    {
        using var first = mnist.Train.Take(100);
        Assert.Equal(100, first.Count);
        Assert.Equal(mnist.Train.Images.storage_offset(), first.Images.storage_offset());
        Assert.True(first.Images.is_contiguous());
        Assert.Equal(mnist.Train.Images.narrow(0, 0, 100).data<float>().ToArray(), first.Images.data<float>().ToArray());
    }

    [Fact]
    public void Stratified_subset_balances_the_classes()
    {
        using var subset = mnist.Train.Stratified(1000);
        Assert.Equal(1000, subset.Count);
        Assert.All(subset.ClassCounts(), c => Assert.Equal(100, c));
        using var odd = mnist.Test.Stratified(25);
        Assert.Equal(new long[] { 3, 3, 3, 3, 3, 2, 2, 2, 2, 2 }, odd.ClassCounts());
    }

    [Fact]
    public void Batches_cover_every_image_once_in_order_and_shuffled()
    {
        using var subset = mnist.Train.Take(1000);
        using var scope = NewDisposeScope();
        var ordered = subset.Batches(128).ToList();
        Assert.Equal(8, ordered.Count);
        Assert.Equal(1000 - 7 * 128, ordered[^1].Images.shape[0]);
        Assert.Equal(subset.Labels.data<long>().ToArray(), cat(ordered.Select(b => b.Labels).ToList(), 0).data<long>().ToArray());

        var shuffled = subset.Batches(128, new Generator(42)).ToList();
        var labels = cat(shuffled.Select(b => b.Labels).ToList(), 0).data<long>().ToArray();
        Assert.NotEqual(subset.Labels.data<long>().ToArray(), labels);
        Assert.Equal(subset.ClassCounts(), labels.CountBy(l => l).OrderBy(p => p.Key).Select(p => (long)p.Value).ToArray());
    }
}

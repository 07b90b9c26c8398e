using Workbook.Data;
using static TorchSharp.torch;

namespace Workbook.Reporting;

/// <summary>The checks of notebook 01's exercises (the data).</summary>
public static class DataExercises
{
    public const int BatchSize = 128;

    /// <summary>Exercise 1: a digit (0 to 9) with the fewest training images; any of them when several tie.</summary>
    public static ExerciseVerdict RarestDigit(int answer, MnistSplit train) => RarestDigit(answer, train.ClassCounts());

    public static ExerciseVerdict RarestDigit(int answer, IReadOnlyList<long> counts)
    {
        var fewest = counts.Min();
        var inRange = answer >= 0 && answer < counts.Count;
        return Exercise.Check("Exercise 1", inRange && counts[answer] == fewest,
            inRange ? $"{answer}s are the rarest: {fewest:N0} training images, against {counts.Max():N0} of the most common digit." : "",
            answer == -1 ? "ClassCounts() gives ten counts, the one at index d for digit d: which index holds the smallest?"
            : !inRange ? $"{answer} is not a digit: the answer is the index (0 to 9) of the smallest count, not the count."
            : counts[answer] == counts.Max() ? $"{answer}s are the most common ({counts[answer]:N0}); the question asks for the fewest."
            : $"{answer}s have {counts[answer]:N0} images; another digit has fewer.");
    }

    /// <summary>Exercise 2: the second batch of 128 images and its labels, taken any way (narrow, a slice, a copy).</summary>
    public static ExerciseVerdict SecondBatch(Tensor? images, Tensor? labels, MnistSplit train) =>
        SecondBatch(images, labels, train.Images, train.Labels);

    public static ExerciseVerdict SecondBatch(Tensor? images, Tensor? labels, Tensor allImages, Tensor allLabels)
    {
        using var scope = NewDisposeScope();
        var expectedImages = allImages.narrow(0, BatchSize, BatchSize);
        var expectedLabels = allLabels.narrow(0, BatchSize, BatchSize);
        var imagesRight = Equal(images, expectedImages);
        var labelsRight = Equal(labels, expectedLabels);
        return Exercise.Check("Exercise 2", imagesRight && labelsRight,
            $"images {string.Join(" x ", expectedImages.shape)}, labels starting {string.Join(" ", expectedLabels.narrow(0, 0, 5).cpu().data<long>().ToArray())}.",
            images is null ? "narrow(dimension, start, length) takes a run of images without copying them. The first batch is images 0 to 127: where does the second start, and how long is it?"
            : !images.shape.SequenceEqual(expectedImages.shape) ? $"your images are {string.Join(" x ", images.shape)}; a batch is {BatchSize} images of 1 x 28 x 28."
            : Equal(images, allImages.narrow(0, 0, BatchSize)) ? "these are the first batch (images 0 to 127); the exercise asks for the second."
            : !imagesRight ? $"these are {BatchSize} images, but not the second batch: count where the first batch ends."
            : labels is null ? "the images are right; now the labels at the same positions."
            : "the images are right, but the labels are not theirs: take the same positions of Labels.");
    }

    /// <summary>Same shape and the same values, whatever the dtype or device the student's tensor is on.</summary>
    static bool Equal(Tensor? answer, Tensor expected) =>
        answer is not null && answer.shape.SequenceEqual(expected.shape)
        && answer.cpu().to(float64).eq(expected.cpu().to(float64)).all().item<bool>();
}

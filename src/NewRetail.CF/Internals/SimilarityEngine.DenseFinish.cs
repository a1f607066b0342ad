using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NewRetail.CF.Internals.Kernels;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Internals;

/// <summary>
/// The vector kernels that finish the dense matrix: packed Pearson and cosine sums unpacked and turned into a row of
/// similarities several slots at a time, and the upper triangle copied into the lower one by 8 × 8 transposes. Both
/// give the same floats as the scalar loops <see cref="EmitPacked"/> and
/// <see cref="MirrorUpperTriangle(float[], int, ParallelOptions)"/>, which stay as the fallback and the benchmark
/// baseline.
/// </summary>
internal static partial class SimilarityEngine
{
    /// <summary>The pairs one <see cref="CorrelationKernel"/> call finishes: 4 × 256 longs of scratch, 8 KB.</summary>
    private const int FinishBlock = 256;

    /// <summary>
    /// Turns the Pearson or cosine sums of every pair (a, b &gt; a) into row a of the upper triangle and clears the
    /// slots, with the result of <see cref="EmitPacked"/>.
    /// </summary>
    /// <remarks>
    /// With 256-bit vectors, <see cref="EmitPackedVector256"/> unpacks and finishes four slots per step. The slots it
    /// leaves, and all of them without such vectors, are unpacked by a scalar pass into the three exact integer terms of
    /// the correlation and the support, block by block, and <see cref="CorrelationKernel"/> finishes each block.
    /// </remarks>
    private static void EmitPackedBlocks(
        SparseView view,
        PackedMetric kind,
        int minSupport,
        double shrinkage,
        int a,
        DenseWorkspace workspace,
        float[] similarities)
    {
        int n = view.RowCount;
        var slots = workspace.Packed.Slots;
        var row = similarities.AsSpan((int)((long)a * n), n);
        var products = workspace.Products;
        var squaresX = workspace.SquaresX;
        var squaresY = workspace.SquaresY;
        var counts = workspace.Counts;
        bool pearson = kind == PackedMetric.Pearson;
        int start = a + 1;
        if (Vector256.IsHardwareAccelerated)
        {
            start = EmitPackedVector256(slots, pearson, minSupport, shrinkage, start, row);
        }

        for (int blockStart = start; blockStart < n; blockStart += FinishBlock)
        {
            int length = Math.Min(FinishBlock, n - blockStart);
            bool anyUsable = false;
            for (int t = 0; t < length; t++)
            {
                ref PackedSlot slot = ref slots[blockStart + t];
                long count = 0;
                long xy = 0, xx = 0, yy = 0;
                if (slot.Left != 0)
                {
                    var (pairCount, sumX, sumXX) = Unpack(slot.Left);
                    var (sumY, sumYY, sumXY) = Unpack(slot.Right);
                    slot = default;
                    if (pairCount >= minSupport)
                    {
                        // The same exact integers that PackedSimilarity passes to Correlation.
                        count = pairCount;
                        xy = pearson ? (pairCount * sumXY) - (sumX * sumY) : sumXY;
                        xx = pearson ? (pairCount * sumXX) - (sumX * sumX) : sumXX;
                        yy = pearson ? (pairCount * sumYY) - (sumY * sumY) : sumYY;
                        anyUsable = true;
                    }
                }

                products[t] = xy;
                squaresX[t] = xx;
                squaresY[t] = yy;
                counts[t] = count;
            }

            // A block without a usable pair stays 0, as the fresh matrix already is.
            if (anyUsable)
            {
                CorrelationKernel.Finish(products, squaresX, squaresY, counts, shrinkage, row.Slice(blockStart, length));
            }
        }
    }

    /// <summary>
    /// Finishes the slots from <paramref name="start"/> four at a time, unpacking them in vectors too, clears them,
    /// and returns where the slots that no full vector covers begin.
    /// </summary>
    /// <remarks>
    /// <para>Each field is sign-extended from its 21 bits with a mask, an exclusive or and a subtraction, because AVX2
    /// has no 64-bit arithmetic shift. The field values are below 2^20 in magnitude, so they, their products and the
    /// differences of those products are exact in doubles. The three terms are therefore the doubles that the scalar
    /// path gets by converting its exact integer terms.</para>
    /// <para>Slots hold (left, right) pairs, so four slots are two vectors of left, right, left, right. A permutation
    /// within each vector and a join of the halves separate the four left words from the four right words.</para>
    /// </remarks>
    private static int EmitPackedVector256(PackedSlot[] slots, bool pearson, int minSupport, double shrinkage, int start, Span<float> row)
    {
        ref long words = ref Unsafe.As<PackedSlot, long>(ref MemoryMarshal.GetArrayDataReference(slots));
        ref float result = ref MemoryMarshal.GetReference(row);
        var support = Vector256.Create((double)minSupport);
        int b = start;
        for (; b + Vector256<long>.Count <= row.Length; b += Vector256<long>.Count)
        {
            nuint offset = 2 * (nuint)b;
            var first = Vector256.LoadUnsafe(ref words, offset);
            var second = Vector256.LoadUnsafe(ref words, offset + 4);
            Vector256<long>.Zero.StoreUnsafe(ref words, offset);
            Vector256<long>.Zero.StoreUnsafe(ref words, offset + 4);

            // 1. Left words (n, Σx, Σx²) and right words (Σy, Σy², Σxy) of slots b..b+3.
            var firstPairs = Vector256.Shuffle(first, Vector256.Create(0L, 2, 1, 3));
            var secondPairs = Vector256.Shuffle(second, Vector256.Create(0L, 2, 1, 3));
            var left = Vector256.Create(firstPairs.GetLower(), secondPairs.GetLower());
            var right = Vector256.Create(firstPairs.GetUpper(), secondPairs.GetUpper());
            var (count, sumX, sumXX) = UnpackFields(left);
            var (sumY, sumYY, sumXY) = UnpackFields(right);

            // 2. The terms of the correlation. A pair below the support gets xx = 0, which the kernel turns into 0.
            var products = pearson ? (count * sumXY) - (sumX * sumY) : sumXY;
            var squaresX = pearson ? (count * sumXX) - (sumX * sumX) : sumXX;
            var squaresY = pearson ? (count * sumYY) - (sumY * sumY) : sumYY;
            squaresX = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(count, support), squaresX, Vector256<double>.Zero);

            CorrelationKernel.Finish256(products, squaresX, squaresY, count, shrinkage).StoreUnsafe(ref result, (nuint)b);
        }

        return b;
    }

    /// <summary>Splits four packed words into their three signed fields, lowest first, as doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Low, Vector256<double> Middle, Vector256<double> High) UnpackFields(Vector256<long> words)
    {
        var low = SignExtendField(words);
        var rest = Vector256.ShiftRightLogical(words - low, FieldBits);
        var middle = SignExtendField(rest);
        var high = SignExtendField(Vector256.ShiftRightLogical(rest - middle, FieldBits));
        return (CorrelationKernel.ToDouble(low), CorrelationKernel.ToDouble(middle), CorrelationKernel.ToDouble(high));
    }

    /// <summary>Returns the lowest 21 bits of each word as a signed value: (u AND mask) XOR 2^20, minus 2^20.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> SignExtendField(Vector256<long> words)
    {
        var signBit = Vector256.Create(1L << (FieldBits - 1));
        return ((words & Vector256.Create((1L << FieldBits) - 1)) ^ signBit) - signBit;
    }

    /// <summary>Copies the upper triangle into the lower one, with 8 × 8 vector transposes where AVX is available.</summary>
    internal static void MirrorUpperTriangle(float[] similarities, int n, ParallelOptions options, bool allowVector)
    {
        if (allowVector && Avx.IsSupported)
        {
            MirrorUpperTriangleAvx(similarities, n, options);
        }
        else
        {
            MirrorUpperTriangle(similarities, n, options);
        }
    }

    /// <summary>
    /// Copies the upper triangle into the lower one in 64 × 64 tiles, as <see cref="MirrorUpperTriangle(float[], int, ParallelOptions)"/>
    /// does, but moves each 8 × 8 block of a tile with eight loads, a register transpose and eight stores. Blocks on the
    /// diagonal, and the edge of a matrix whose size is not a multiple of 8, are copied one element at a time.
    /// </summary>
    internal static void MirrorUpperTriangleAvx(float[] similarities, int n, ParallelOptions options)
    {
        const int Tile = 64;
        const int Block = 8;
        int tiles = (n + Tile - 1) / Tile;
        int fullBlocksEnd = n / Block * Block;
        Parallel.For(0, tiles, options, rowTile =>
        {
            ref float matrix = ref MemoryMarshal.GetArrayDataReference(similarities);
            int rowStart = rowTile * Tile;
            int rowEnd = Math.Min(rowStart + Tile, n);
            for (int columnTile = rowTile; columnTile < tiles; columnTile++)
            {
                int columnStart = columnTile * Tile;
                int columnEnd = Math.Min(columnStart + Tile, n);
                for (int a = rowStart; a < rowEnd; a += Block)
                {
                    for (int b = Math.Max(columnStart, a); b < columnEnd; b += Block)
                    {
                        if (b > a && a + Block <= fullBlocksEnd && b + Block <= fullBlocksEnd)
                        {
                            TransposeBlock(ref matrix, n, a, b);
                        }
                        else
                        {
                            MirrorBlockScalar(similarities, n, a, Math.Min(a + Block, n), b, Math.Min(b + Block, n));
                        }
                    }
                }
            }
        });
    }

    /// <summary>Copies S[a..a+8, b..b+8] to S[b..b+8, a..a+8], transposed. The caller keeps both blocks inside the matrix.</summary>
    private static void TransposeBlock(ref float matrix, int n, int a, int b)
    {
        nuint stride = (nuint)n;
        nuint source = ((nuint)a * stride) + (nuint)b;
        var r0 = Vector256.LoadUnsafe(ref matrix, source);
        var r1 = Vector256.LoadUnsafe(ref matrix, source + stride);
        var r2 = Vector256.LoadUnsafe(ref matrix, source + (2 * stride));
        var r3 = Vector256.LoadUnsafe(ref matrix, source + (3 * stride));
        var r4 = Vector256.LoadUnsafe(ref matrix, source + (4 * stride));
        var r5 = Vector256.LoadUnsafe(ref matrix, source + (5 * stride));
        var r6 = Vector256.LoadUnsafe(ref matrix, source + (6 * stride));
        var r7 = Vector256.LoadUnsafe(ref matrix, source + (7 * stride));

        // 1. Interleave pairs of rows, so that within each 128-bit half element j of rows 2m and 2m + 1 are neighbours.
        var p0 = Avx.UnpackLow(r0, r1);
        var p1 = Avx.UnpackHigh(r0, r1);
        var p2 = Avx.UnpackLow(r2, r3);
        var p3 = Avx.UnpackHigh(r2, r3);
        var p4 = Avx.UnpackLow(r4, r5);
        var p5 = Avx.UnpackHigh(r4, r5);
        var p6 = Avx.UnpackLow(r6, r7);
        var p7 = Avx.UnpackHigh(r6, r7);

        // 2. Gather four rows per column from the low pairs (imm 0x44) or the high pairs (imm 0xEE) of two vectors.
        var q0 = Avx.Shuffle(p0, p2, 0x44);
        var q1 = Avx.Shuffle(p0, p2, 0xEE);
        var q2 = Avx.Shuffle(p1, p3, 0x44);
        var q3 = Avx.Shuffle(p1, p3, 0xEE);
        var q4 = Avx.Shuffle(p4, p6, 0x44);
        var q5 = Avx.Shuffle(p4, p6, 0xEE);
        var q6 = Avx.Shuffle(p5, p7, 0x44);
        var q7 = Avx.Shuffle(p5, p7, 0xEE);

        // 3. Join the 128-bit halves. Elements 0 to 3 of each column come from q0..q3 (rows 0 to 3), and elements 4
        //    to 7 from q4..q7 (rows 4 to 7).
        nuint destination = ((nuint)b * stride) + (nuint)a;
        Avx.Permute2x128(q0, q4, 0x20).StoreUnsafe(ref matrix, destination);
        Avx.Permute2x128(q1, q5, 0x20).StoreUnsafe(ref matrix, destination + stride);
        Avx.Permute2x128(q2, q6, 0x20).StoreUnsafe(ref matrix, destination + (2 * stride));
        Avx.Permute2x128(q3, q7, 0x20).StoreUnsafe(ref matrix, destination + (3 * stride));
        Avx.Permute2x128(q0, q4, 0x31).StoreUnsafe(ref matrix, destination + (4 * stride));
        Avx.Permute2x128(q1, q5, 0x31).StoreUnsafe(ref matrix, destination + (5 * stride));
        Avx.Permute2x128(q2, q6, 0x31).StoreUnsafe(ref matrix, destination + (6 * stride));
        Avx.Permute2x128(q3, q7, 0x31).StoreUnsafe(ref matrix, destination + (7 * stride));
    }

    /// <summary>Copies S[a, b] to S[b, a] for every b &gt; a in the given block.</summary>
    private static void MirrorBlockScalar(float[] similarities, int n, int rowStart, int rowEnd, int columnStart, int columnEnd)
    {
        for (int a = rowStart; a < rowEnd; a++)
        {
            for (int b = Math.Max(columnStart, a + 1); b < columnEnd; b++)
            {
                similarities[((long)b * n) + a] = similarities[((long)a * n) + b];
            }
        }
    }

    /// <summary>
    /// Per-thread state of the dense packed path: the slots, the increments of <see cref="AccumulatePackedTable"/> and
    /// the scratch of <see cref="EmitPackedBlocks"/>.
    /// </summary>
    private sealed class DenseWorkspace(int n)
    {
        public PackedAccumulators Packed { get; } = new(n);

        public long[] Products { get; } = new long[FinishBlock];

        public long[] SquaresX { get; } = new long[FinishBlock];

        public long[] SquaresY { get; } = new long[FinishBlock];

        public long[] Counts { get; } = new long[FinishBlock];

        public Vector128<long>[] Increments { get; } = new Vector128<long>[TableValueCount];
    }
}

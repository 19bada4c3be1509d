package dev.prequel.model.arch;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.prequel.model.image.ImageShape;
import java.util.List;

/**
 * The architectures a model line can use, built as DJL blocks from their name. Every one maps a
 * {@code (N, C, H, W)} float batch to {@code (N, classes)} logits. The same name, shape and class
 * count always build the same block, which is what loading saved parameters relies on.
 */
public final class Architectures {

    public static final String MLP = "mlp";
    public static final String CNN = "cnn";
    public static final String RESNET18 = "resnet18";
    public static final List<String> KNOWN = List.of(MLP, CNN, RESNET18);

    private Architectures() {
    }

    public static Block build(String name, ImageShape shape, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        if (name == null) {
            throw new IllegalArgumentException("architecture must be one of " + KNOWN + ", was null");
        }
        return switch (name) {
            case MLP -> mlp(classes);
            case CNN -> cnn(shape, classes);
            case RESNET18 -> resnet18(classes);
            default -> throw new IllegalArgumentException(
                    "unknown architecture '" + name + "'; known: " + String.join(", ", KNOWN));
        };
    }

    /** Trainable parameters of an initialised block (batch-norm running statistics excluded). */
    public static long parameterCount(Block block) {
        long total = 0;
        for (var entry : block.getParameters()) {
            var parameter = entry.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                total += parameter.getArray().size();
            }
        }
        return total;
    }

    /** Two hidden layers of 256 and 128 units. */
    private static Block mlp(int classes) {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(256).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /**
     * Two 3x3 convolutions (32, 64 filters) each followed by 2x2 max-pooling, then a 128-unit dense
     * layer: 421,642 parameters for 1x28x28 and 10 classes. Inputs smaller than 4x4 skip pooling.
     */
    private static Block cnn(ImageShape shape, int classes) {
        boolean pool = shape.height() >= 4 && shape.width() >= 4;
        SequentialBlock block = new SequentialBlock();
        for (int filters : new int[] {32, 64}) {
            block.add(conv(filters, 3, 1, true)).add(Activation.reluBlock());
            if (pool) {
                block.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        return block.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /**
     * The standard ResNet-18 (basic blocks [2, 2, 2, 2] with 64, 128, 256, 512 channels) with the
     * CIFAR stem: one 3x3 stride-1 convolution and no max-pooling, so small images keep their
     * resolution. 11,173,962 trainable parameters for 10 classes. DJL's ResNetV1 cannot build this.
     */
    private static Block resnet18(int classes) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(64, 3, 1, false))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        int inChannels = 64;
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < widths.length; stage++) {
            for (int b = 0; b < 2; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.add(basicBlock(widths[stage], stride, inChannels != widths[stage] || stride != 1));
                inChannels = widths[stage];
            }
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /** conv-bn-relu-conv-bn plus the shortcut (a 1x1 projection when the shape changes), then relu. */
    private static Block basicBlock(int filters, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(filters, 3, stride, false))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(filters, 3, 1, false))
                .add(BatchNorm.builder().build());
        Block shortcut = project
                ? new SequentialBlock()
                        .add(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(1, 1))
                                .optStride(new Shape(stride, stride)).optBias(false).build())
                        .add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        return new SequentialBlock()
                .add(new ParallelBlock(
                        branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                        List.of(main, shortcut)))
                .add(Activation.reluBlock());
    }

    /** A square convolution with "same" padding; a bias is redundant where batch norm follows. */
    private static Block conv(int filters, int kernel, int stride, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(bias)
                .build();
    }
}

package dev.prequel.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;

/**
 * An optimizer whose state can be written into a checkpoint and read back, so that a resumed job continues with the
 * exact state it stopped with (DJL's own optimizers keep theirs private). The state names parameters by their path in
 * the block, since DJL's parameter ids differ in a reloaded model.
 */
interface ResumableOptimizer {

    /** The rate of the updates from here on (a schedule sets it per epoch or per update). */
    void setLearningRate(float value);

    /** The state of every parameter of {@code block} updated so far; call between updates. */
    byte[] exportState(Block block);

    /** Replaces the state with one {@link #exportState} wrote for a block with the same parameters. */
    void importState(byte[] state, Block block, NDManager manager);

    /** The DJL optimizer to hand to the training config. */
    Optimizer optimizer();

    /** The optimizer {@code options} name, starting at {@code learningRate}. */
    static ResumableOptimizer of(TrainingOptions options, float learningRate) {
        return switch (options.optimizer()) {
            case TrainingOptions.SGD -> new ResumableSgd(learningRate, options.momentum(), options.nesterov(),
                    options.weightDecay());
            case TrainingOptions.ADAMW -> new ResumableAdam(learningRate, options.weightDecay(), true);
            default -> new ResumableAdam(learningRate, options.weightDecay(), false);
        };
    }
}

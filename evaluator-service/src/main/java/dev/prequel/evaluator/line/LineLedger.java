package dev.prequel.evaluator.line;

import dev.prequel.events.TrainingRequested.ReplayShare;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every decision made about one model line, in the order it was made: the datasets accepted, the job each got, the
 * verdicts, the champion's changes and the operators' commands. Only the line's owner writes it; a redelivered event
 * finds its decision here and changes nothing. Immutable: each decision returns the next ledger.
 *
 * @param revision number of writes so far
 */
public record LineLedger(String model, long revision, List<AcceptedDataset> datasets, List<JobDecision> jobs,
        List<VerdictDecision> verdicts, List<ChampionChange> champions, List<CommandOutcome> commands) {

    public LineLedger {
        datasets = copy(datasets);
        jobs = copy(jobs);
        verdicts = copy(verdicts);
        champions = copy(champions);
        commands = copy(commands);
    }

    public static LineLedger empty(String model) {
        return new LineLedger(model, 0, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * A dataset in the line.
     *
     * @param held a drifted drop kept out of the line's judge set and replay until an operator decides
     * @param bitsPerLabel its code length under the champion of the moment, as preprocess measured it
     * @param codedExamples the examples preprocess encoded for it; null when its bits are unknown (or in an older
     *     ledger: then every example of its splits)
     * @param totalBits their code length in bits; null when unknown (see {@link CodeLength} for the uniform code)
     */
    public record AcceptedDataset(int seq, String datasetId, List<String> classes, int channels, int height, int width,
            Map<String, Integer> splits, boolean drifted, boolean held, Double bitsPerLabel, Instant acceptedAt,
            String correlationId, Integer codedExamples, Double totalBits) {

        public int examples(String split) {
            return splits == null ? 0 : splits.getOrDefault(split, 0);
        }

        public boolean sameShape(AcceptedDataset other) {
            return channels == other.channels && height == other.height && width == other.width;
        }
    }

    /** The job a dataset got when it was accepted: its parent and its data, fixed. */
    public record JobDecision(String jobId, String datasetId, String parentVersion, List<ReplayShare> replay,
            List<String> classes, Instant decidedAt) {
    }

    /**
     * The one verdict on a job's candidate.
     *
     * @param details the numbers behind the reason
     */
    public record VerdictDecision(String jobId, String version, String datasetId, String championVersion,
            boolean promote, String reason, double candidateAccuracy, Double championAccuracy, int judgeExamples,
            List<String> judgeDatasets, Map<String, Object> details, Instant decidedAt) {
    }

    /**
     * The champion changed.
     *
     * @param cause {@code evaluation}, {@code pinned} or {@code rollback}
     * @param source the job id of a verdict, or the command id of a pin
     */
    public record ChampionChange(int seq, String version, String previousVersion, String cause, String source,
            Double accuracy, Instant at) {
    }

    /** An operator's command, applied or refused once. */
    public record CommandOutcome(String commandId, String action, String version, boolean applied, String message,
            Instant at) {
    }

    public Optional<AcceptedDataset> dataset(String datasetId) {
        return datasets.stream().filter(d -> d.datasetId().equals(datasetId)).findFirst();
    }

    public Optional<JobDecision> job(String jobId) {
        return jobs.stream().filter(j -> j.jobId().equals(jobId)).findFirst();
    }

    public Optional<VerdictDecision> verdict(String jobId) {
        return verdicts.stream().filter(v -> v.jobId().equals(jobId)).findFirst();
    }

    public Optional<CommandOutcome> command(String commandId) {
        return commands.stream().filter(c -> c.commandId().equals(commandId)).findFirst();
    }

    public Optional<ChampionChange> champion() {
        return champions.isEmpty() ? Optional.empty() : Optional.of(champions.get(champions.size() - 1));
    }

    public Optional<String> championVersion() {
        return champion().map(ChampionChange::version);
    }

    /** The datasets that count for judging and replay: accepted and not held. */
    public List<AcceptedDataset> usable() {
        return datasets.stream().filter(d -> !d.held()).toList();
    }

    public LineLedger accept(AcceptedDataset dataset, JobDecision job) {
        return new LineLedger(model, revision + 1, plus(datasets, dataset), plus(jobs, job), verdicts, champions,
                commands);
    }

    public LineLedger decide(VerdictDecision verdict, ChampionChange change) {
        return new LineLedger(model, revision + 1, datasets, jobs, plus(verdicts, verdict),
                change == null ? champions : plus(champions, change), commands);
    }

    public LineLedger command(CommandOutcome outcome, ChampionChange change) {
        return new LineLedger(model, revision + 1, datasets, jobs, verdicts,
                change == null ? champions : plus(champions, change), plus(commands, outcome));
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}

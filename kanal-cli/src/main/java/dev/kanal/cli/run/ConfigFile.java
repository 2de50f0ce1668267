package dev.kanal.cli.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The fields of a {@code kanal run --config FILE}: each has the name of the long option it
 * stands for, and a flag on the command line overrides it. A field left out (or {@code null})
 * is not set. {@link ConfigReader} reads it; docs/CONFIG.md documents every field.
 *
 * <p>Every field has its own reader ({@link ConfigValues}), so a value of the wrong type or
 * out of range is refused with a message that names the field, says what it expects, and
 * points at the line and column.
 */
final class ConfigFile {

  @JsonProperty("workers")
  @JsonDeserialize(using = ConfigValues.Workers.class)
  WorkerRange workers;

  @JsonProperty("timeout")
  @JsonDeserialize(using = ConfigValues.PositiveDuration.class)
  Duration timeout;

  @JsonProperty("job-timeout")
  @JsonDeserialize(using = ConfigValues.PositiveDuration.class)
  Duration jobTimeout;

  @JsonProperty("retries")
  @JsonDeserialize(using = ConfigValues.Count.class)
  Integer retries;

  @JsonProperty("backoff")
  @JsonDeserialize(using = ConfigValues.AnyDuration.class)
  Duration backoff;

  @JsonProperty("fail-fast")
  @JsonDeserialize(using = ConfigValues.Flag.class)
  Boolean failFast;

  @JsonProperty("critical-exit-codes")
  @JsonDeserialize(using = ConfigValues.ExitCodes.class)
  List<Integer> criticalExitCodes;

  @JsonProperty("log")
  @JsonDeserialize(using = ConfigValues.FileName.class)
  String log;

  @JsonProperty("joblog")
  @JsonDeserialize(using = ConfigValues.FileName.class)
  String joblog;

  @JsonProperty("resume")
  @JsonDeserialize(using = ConfigValues.Flag.class)
  Boolean resume;

  @JsonProperty("keep-order")
  @JsonDeserialize(using = ConfigValues.Flag.class)
  Boolean keepOrder;

  @JsonProperty("progress")
  @JsonDeserialize(using = ConfigValues.Flag.class)
  Boolean progress;

  @JsonProperty("quiet")
  @JsonDeserialize(using = ConfigValues.Flag.class)
  Boolean quiet;

  @JsonProperty("input")
  @JsonDeserialize(using = ConfigValues.FileName.class)
  String input;

  @JsonProperty("env")
  @JsonDeserialize(using = ConfigValues.Env.class)
  Map<String, String> env;

  @JsonProperty("command")
  @JsonDeserialize(using = ConfigValues.Command.class)
  List<String> command;

  @JsonProperty("jobs")
  @JsonDeserialize(using = ConfigValues.Jobs.class)
  List<JobSpec> jobs;
}

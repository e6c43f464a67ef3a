package io.tapelib.controller.changer.mtx;

import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.device.command.CommandRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A test double of the process boundary: records each command line and its timeout, answers with a scripted result. */
final class RecordingCommandRunner implements CommandRunner {

    /** One command as the adapter ran it. */
    record Call(List<String> command, Duration timeout) {
    }

    private final Function<List<String>, CommandResult> answer;
    private final List<Call> calls = new ArrayList<>();

    RecordingCommandRunner(Function<List<String>, CommandResult> answer) {
        this.answer = answer;
    }

    /** Answers every command with this exit status and output. */
    static RecordingCommandRunner answering(int exitCode, String stdout, String stderr) {
        return new RecordingCommandRunner(command -> new CommandResult(command, exitCode, stdout, stderr));
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) {
        calls.add(new Call(List.copyOf(command), timeout));
        return answer.apply(command);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }
}

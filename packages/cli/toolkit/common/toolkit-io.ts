/**
 * The one way a toolkit action reports what it does: the CLI prints each message (info on stdout,
 * warnings on stderr); a team's script or a test passes its own {@link ToolkitIo} and keeps them.
 */

/** How a message reads: `info` is the action's account of itself, `warn` asks the reader to act. */
export type MessageLevel = 'info' | 'warn';

/** One line an action reports, whole (no trailing newline). */
export interface ToolkitMessage {
  /** Whether the line is an account (`info`) or a warning (`warn`). */
  readonly level: MessageLevel;
  /** The line, as the CLI prints it. */
  readonly text: string;
}

/** Where a toolkit action's messages go. */
export interface ToolkitIo {
  /** Receives each message in the order the action reports it. */
  notify(message: ToolkitMessage): void;
}

/** The CLI's messages: info on this process's stdout, warnings on its stderr, a line each. */
export const CONSOLE_IO: ToolkitIo = {
  notify: ({ level, text }) => (level === 'warn' ? process.stderr : process.stdout).write(`${text}\n`),
};

/** A {@link ToolkitIo} that keeps every message, for a script or a test to read after the action. */
export class RecordingIo implements ToolkitIo {
  /** Every message so far, in order. */
  public readonly messages: ToolkitMessage[] = [];

  public notify(message: ToolkitMessage): void {
    this.messages.push(message);
  }

  /** The text of the messages at `level`, in order. */
  public lines(level: MessageLevel): string[] {
    return this.messages.filter((m) => m.level === level).map((m) => m.text);
  }
}

/**
 * Structured, one-line JSON logs. Fields are limited to scalars on purpose: the relay handles
 * envelope bodies, ciphertext and member-event bytes, and none of those may ever reach a log line.
 * Passing a Uint8Array here is a type error, not a code-review finding.
 */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;
export type Logger = (event: string, fields?: LogFields) => void;

/** Formats one log line; `undefined` fields are left out so lines stay short. */
export function formatLogLine(event: string, fields: LogFields = {}, now: Date = new Date()): string {
  const line: Record<string, LogValue> = { time: now.toISOString(), event };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && k !== 'time' && k !== 'event') line[k] = v;
  return JSON.stringify(line);
}

/** A logger writing one JSON line per event, to stdout unless told otherwise. */
export function createJsonLogger(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Logger {
  return (event, fields) => write(formatLogLine(event, fields));
}

/** A logger that keeps lines in memory, for tests that prove what the relay does (not) log. */
export function createMemoryLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: (event, fields) => lines.push(formatLogLine(event, fields)), lines };
}

export const silentLogger: Logger = () => {};
